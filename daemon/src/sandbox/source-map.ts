// Maps positions in compiled user code back to the user's source, from the source map esbuild
// writes (version 3: base64 VLQ segments, one group per generated line). Small enough to keep
// here rather than pull a dependency: only "generated line/column → original line/column".

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** One mapped segment: generated column → original line and column (all 0-based). */
interface Segment {
  column: number;
  line: number;
  originalColumn: number;
}

export interface SourcePosition {
  /** 1-based, as editors count. */
  line: number;
  column: number;
}

function decodeVlq(text: string, at: { i: number }): number {
  let value = 0;
  let shift = 0;
  for (;;) {
    const digit = DIGIT.get(text[at.i++]!);
    if (digit === undefined) throw new Error('bad source map');
    value += (digit & 31) << shift;
    if (!(digit & 32)) break;
    shift += 5;
  }
  return value & 1 ? -(value >>> 1) : value >>> 1;
}

/** Decodes `mappings` into segments per generated line. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let originalLine = 0;
  let originalColumn = 0;
  let column = 0;
  const at = { i: 0 };
  while (at.i <= mappings.length) {
    const c = mappings[at.i];
    if (c === ';' || c === undefined) {
      lines.push(line);
      line = [];
      column = 0;
      at.i++;
      if (c === undefined) break;
      continue;
    }
    if (c === ',') {
      at.i++;
      continue;
    }
    column += decodeVlq(mappings, at);
    const fields: number[] = [];
    while (at.i < mappings.length && mappings[at.i] !== ',' && mappings[at.i] !== ';')
      fields.push(decodeVlq(mappings, at));
    if (fields.length >= 3) {
      originalLine += fields[1]!;
      originalColumn += fields[2]!;
      line.push({ column, line: originalLine, originalColumn });
    }
  }
  return lines;
}

export class SourceMap {
  private readonly lines: Segment[][];

  constructor(json: string) {
    const map = JSON.parse(json) as { mappings?: unknown };
    this.lines = typeof map.mappings === 'string' ? decodeMappings(map.mappings) : [];
  }

  /** The source position of a 1-based generated line and column; undefined when unmapped. */
  original(line: number, column: number): SourcePosition | undefined {
    const segments = this.lines[line - 1];
    if (!segments?.length) return undefined;
    const col = column - 1;
    let best = segments[0]!;
    for (const s of segments) {
      if (s.column > col) break;
      best = s;
    }
    return { line: best.line + 1, column: best.originalColumn + 1 };
  }
}
