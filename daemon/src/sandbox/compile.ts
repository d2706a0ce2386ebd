// Compiles a user strategy (TypeScript or JavaScript, one module) with esbuild: CommonJS for the
// sandbox, a source map for error positions, and import rules enforced — 'quanttrade/strategy'
// and 'quanttrade/indicators' only. Text the sandbox would refuse to evaluate (an import() or a
// direct eval anywhere, HTML-comment markers) is reported here, at its line, instead of failing
// later with a message about the sandbox.
import { createHash } from 'node:crypto';
import { build, type Message, type Plugin } from 'esbuild';
import type { CodeRef } from './protocol';
import { SourceMap } from './source-map';

export const STRATEGY_MODULES = ['quanttrade/strategy', 'quanttrade/indicators'] as const;
/** Largest source accepted, characters. */
export const MAX_SOURCE_CHARS = 256 * 1024;

export interface Diagnostic {
  /** 1-based. */
  line: number;
  column: number;
  message: string;
  /** The source line, for display. */
  lineText?: string;
}

export interface CompiledStrategy {
  /** sha256 of the source text (what strategy_versions stores). */
  sourceHash: string;
  code: CodeRef;
  map: SourceMap;
}

export type CompileResult = { ok: true; compiled: CompiledStrategy } | { ok: false; errors: Diagnostic[] };

export function sourceHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

const allowImports: Plugin = {
  name: 'strategy-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if ((STRATEGY_MODULES as readonly string[]).includes(args.path) && args.kind === 'import-statement')
        return { path: args.path, external: true };
      const how =
        args.kind === 'dynamic-import' ? 'import()' : args.kind === 'require-call' ? 'require()' : 'import';
      return {
        errors: [
          {
            text: `cannot ${how} '${args.path}': a strategy is one module and may import only ${STRATEGY_MODULES.map((m) => `'${m}'`).join(' and ')}`,
          },
        ],
      };
    });
  },
};

function diagnostic(m: Message): Diagnostic {
  return {
    line: m.location?.line ?? 1,
    column: (m.location?.column ?? 0) + 1,
    message: m.text,
    lineText: m.location?.lineText,
  };
}

/** Patterns SES refuses in evaluated text, with what to tell the user. */
const REFUSED: { pattern: RegExp; message: string }[] = [
  {
    pattern: /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g,
    message:
      'import() is not available to strategies (the sandbox refuses the text "import(" anywhere, strings included)',
  },
  {
    pattern: /(^|[^.])\beval(\s*\()/g,
    message:
      'eval is not available to strategies (the sandbox refuses the text "eval(" anywhere, strings included)',
  },
  {
    pattern: /<!--|-->/g,
    message: 'the sandbox refuses the HTML comment markers "<!--" and "-->" anywhere, strings included',
  },
];

function refusedText(js: string, map: SourceMap, source: string): Diagnostic[] {
  const lines = source.split('\n');
  const out: Diagnostic[] = [];
  for (const { pattern, message } of REFUSED) {
    for (const m of js.matchAll(pattern)) {
      const before = js.slice(0, m.index);
      const line = before.split('\n').length;
      const column = m.index - before.lastIndexOf('\n');
      const at = map.original(line, column) ?? { line: 1, column: 1 };
      out.push({ ...at, message, lineText: lines[at.line - 1] });
      break;
    }
  }
  return out;
}

export async function compileStrategy(source: string, filename = 'strategy.ts'): Promise<CompileResult> {
  if (source.length > MAX_SOURCE_CHARS)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          column: 1,
          message: `the source is ${source.length} characters, at most ${MAX_SOURCE_CHARS}`,
        },
      ],
    };
  const result = await build({
    stdin: {
      contents: source,
      loader: filename.endsWith('.js') ? 'js' : 'ts',
      sourcefile: filename,
      resolveDir: '/',
    },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: 'external',
    outfile: 'strategy.js',
    legalComments: 'none',
    plugins: [allowImports],
    logLevel: 'silent',
  }).catch((err: { errors?: Message[] }) => ({ errors: err.errors ?? [], outputFiles: undefined }));
  if (!result.outputFiles || result.errors.length)
    return { ok: false, errors: result.errors.map(diagnostic) };
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const map = new SourceMap(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text);
  const refused = refusedText(js, map, source);
  if (refused.length) return { ok: false, errors: refused };
  return {
    ok: true,
    compiled: { sourceHash: sourceHash(source), code: { hash: sourceHash(js), js }, map },
  };
}
