// Builds what the strategy sandbox needs in dist/sandbox (called by build.mjs):
//   runtime.js   daemon/src/sandbox/runtime/runtime-entry.ts as one script (an IIFE assigning
//                __qtSandboxRuntime): the engine, indicators, strategy API and zod that every
//                sandboxed run instantiates afresh. Bundled from the sources, so it follows every
//                engine change with no step of its own.
//   host.js      daemon/src/sandbox/host/host-main.ts, the sandbox process, with SES bundled in
//                (the Docker image prunes dev dependencies; the bundle needs none at run time).
//   checker.js   daemon/src/sandbox/checker/checker-main.ts, the type-checker process (TypeScript
//                is loaded from node_modules: a production dependency).
//   types/       declarations of the strategy API (daemon/src/strategy-api) that user code is
//                type-checked against, emitted by TypeScript from the sources.
//   examples/    the built-in templates as user code (strategy init --from).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Emits the strategy API's declarations (and those of everything it reaches) into `out`. */
function emitApiTypes(root, out) {
  rmSync(out, { recursive: true, force: true });
  const program = ts.createProgram(
    [join(root, 'daemon/src/strategy-api/index.ts'), join(root, 'daemon/src/strategy-api/indicators.ts')],
    {
      declaration: true,
      emitDeclarationOnly: true,
      outDir: out,
      rootDir: join(root, 'daemon/src'),
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
    },
  );
  const { emitSkipped, diagnostics } = program.emit();
  if (emitSkipped)
    throw new Error(
      `strategy API declarations: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))}`,
    );
}

export async function buildSandbox({ root, plugins = [] }) {
  const out = join(root, 'dist/sandbox');
  mkdirSync(out, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'daemon/src/sandbox/runtime/runtime-entry.ts')],
    outfile: join(out, 'runtime.js'),
    bundle: true,
    format: 'iife',
    globalName: '__qtSandboxRuntime',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    plugins,
    // No comments: SES refuses evaluated text with `import(` or HTML-comment markers anywhere,
    // comments included, and zod's comments mention import().
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'daemon/src/sandbox/host/host-main.ts')],
    outfile: join(out, 'host.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages that expect require() in an ES module bundle.
    banner: {
      js: "import { createRequire as __qtRequire } from 'node:module'; const require = __qtRequire(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'daemon/src/sandbox/checker/checker-main.ts')],
    outfile: join(out, 'checker.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
  emitApiTypes(root, join(out, 'types'));
  const examples = join(root, 'daemon/src/strategy-api/examples');
  mkdirSync(join(out, 'examples'), { recursive: true });
  for (const name of readdirSync(examples).filter((f) => f.endsWith('.ts')))
    copyFileSync(join(examples, name), join(out, 'examples', name));
}
