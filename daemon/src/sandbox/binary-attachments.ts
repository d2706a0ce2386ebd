// Typed arrays travel to the sandbox as raw bytes after the message, not through V8's serializer:
// a year of minute bars for a few symbols is hundreds of megabytes, and serialising then
// deserialising them cost more than the whole backtest. The daemon replaces each typed array in a
// message with a placeholder and appends its bytes (8-byte aligned, written straight from the
// array's memory); the process maps each placeholder to a view on the frame it read, without a copy.

export interface BinaryPlaceholder {
  __qtBinary: number;
  type: 'Float64Array' | 'Int32Array' | 'Uint8Array';
  /** Byte offset in the frame's attachment area. */
  offset: number;
  length: number;
}

type Binary = Float64Array | Int32Array | Uint8Array;

const CONSTRUCTORS = { Float64Array, Int32Array, Uint8Array } as const;

function isBinary(value: unknown): value is Binary {
  return value instanceof Float64Array || value instanceof Int32Array || value instanceof Uint8Array;
}

/** Replaces typed arrays in plain objects and arrays with placeholders; returns the arrays in order. */
export function extractBinaries(message: unknown): { message: unknown; binaries: Binary[]; bytes: number } {
  const binaries: Binary[] = [];
  let bytes = 0;
  const walk = (value: unknown): unknown => {
    if (isBinary(value)) {
      const placeholder: BinaryPlaceholder = {
        __qtBinary: binaries.length,
        type: value.constructor.name as BinaryPlaceholder['type'],
        offset: bytes,
        length: value.length,
      };
      binaries.push(value);
      bytes += Math.ceil(value.byteLength / 8) * 8;
      return placeholder;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v);
      return out;
    }
    return value;
  };
  return { message: walk(message), binaries, bytes };
}

/** Puts views on `area` (the frame's attachment bytes) back where the placeholders are. */
export function restoreBinaries(message: unknown, area: Uint8Array): unknown {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i]);
      return value;
    }
    if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const p = value as Partial<BinaryPlaceholder>;
      if (typeof p.__qtBinary === 'number' && p.type && p.type in CONSTRUCTORS) {
        const C = CONSTRUCTORS[p.type];
        return new C(area.buffer as ArrayBuffer, area.byteOffset + p.offset!, p.length!);
      }
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) record[k] = walk(record[k]);
    }
    return value;
  };
  return walk(message);
}
