// Type-checks a user strategy against the published strategy API, with the TypeScript compiler,
// in the checker process (checker-main.ts): the API's declarations (generated at build time from
// daemon/src/strategy-api into dist/sandbox/types), zod's own declarations, and the ES2022 library
// with the sandbox's globals (a console, no Node, no DOM). Declaration files are parsed once and
// kept, so a check after the first costs only the user's module.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface TypeDiagnostic {
  line: number;
  column: number;
  message: string;
  lineText?: string;
}

const USER_FILE = '/strategy/strategy.ts';
const GLOBALS_FILE = '/strategy/sandbox-globals.d.ts';
/** What the sandbox gives a strategy besides the ES2022 library (compartment-loader.ts). */
const GLOBALS = `declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
declare function harden<T>(value: T): T;
`;
const MAX_DIAGNOSTICS = 50;

const options: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
  noEmit: true,
  skipLibCheck: true,
  isolatedModules: true,
  esModuleInterop: true,
};

export function createTypeChecker(typesDir: string) {
  const modules: Record<string, string> = {
    'quanttrade/strategy': join(typesDir, 'strategy-api/index.d.ts'),
    'quanttrade/indicators': join(typesDir, 'strategy-api/indicators.d.ts'),
  };
  for (const file of Object.values(modules))
    if (!existsSync(file)) throw new Error(`the strategy API declarations are not built (${file})`);
  const files = new Map<string, ts.SourceFile>();
  const host = ts.createCompilerHost(options, true);
  const readCached = (fileName: string, language: ts.ScriptTarget | ts.CreateSourceFileOptions) => {
    let file = files.get(fileName);
    if (!file) {
      const text = fileName === GLOBALS_FILE ? GLOBALS : ts.sys.readFile(fileName);
      if (text === undefined) return undefined;
      file = ts.createSourceFile(fileName, text, language, true);
      files.set(fileName, file);
    }
    return file;
  };
  let program: ts.Program | undefined;
  let userSource = '';
  host.getSourceFile = (fileName, language) =>
    fileName === USER_FILE
      ? ts.createSourceFile(fileName, userSource, language, true)
      : readCached(fileName, language);
  host.fileExists = (fileName) =>
    fileName === USER_FILE || fileName === GLOBALS_FILE || ts.sys.fileExists(fileName);
  host.readFile = (fileName) =>
    fileName === USER_FILE ? userSource : fileName === GLOBALS_FILE ? GLOBALS : ts.sys.readFile(fileName);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) => {
      const fixed = modules[literal.text];
      if (fixed)
        return {
          resolvedModule: {
            resolvedFileName: fixed,
            extension: ts.Extension.Dts,
            isExternalLibraryImport: false,
          },
        };
      // zod and the declarations' own relative imports; the user's file is resolved from the package.
      const from = containingFile === USER_FILE ? join(typesDir, 'strategy-api/index.d.ts') : containingFile;
      return ts.resolveModuleName(literal.text, from, options, host);
    });

  return {
    check(source: string): TypeDiagnostic[] {
      userSource = source;
      program = ts.createProgram({
        rootNames: [USER_FILE, GLOBALS_FILE],
        options,
        host,
        oldProgram: program,
      });
      const user = program.getSourceFile(USER_FILE)!;
      const lines = source.split('\n');
      return ts
        .getPreEmitDiagnostics(program, user)
        .filter((d) => d.file?.fileName === USER_FILE && d.start !== undefined)
        .slice(0, MAX_DIAGNOSTICS)
        .map((d) => {
          const at = user.getLineAndCharacterOfPosition(d.start!);
          return {
            line: at.line + 1,
            column: at.character + 1,
            message: ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 2000),
            lineText: lines[at.line]?.slice(0, 300),
          };
        });
    },
  };
}

/** dist/sandbox/types next to the checker script. */
export function typesDirNextTo(scriptUrl: string): string {
  return join(dirname(fileURLToPath(scriptUrl)), 'types');
}
