// Shared set-up for the sandbox tests: compiled example strategies and a small process pool.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../daemon/src/config/package-root';
import { compileStrategy } from '../../daemon/src/sandbox/compile';
import type { CodeStrategy } from '../../daemon/src/sandbox/code-backtest';
import { SandboxPool } from '../../daemon/src/sandbox/sandbox-pool';

export function exampleSource(name: string): string {
  return readFileSync(join(packageRoot(), 'daemon/src/strategy-api/examples', `${name}.ts`), 'utf8');
}

export async function compiled(source: string, filename = 'strategy.ts'): Promise<CodeStrategy> {
  const result = await compileStrategy(source, filename);
  if (!result.ok) throw new Error(`compile failed: ${JSON.stringify(result.errors)}`);
  return { compiled: result.compiled, source };
}

export function testPool(size = 1): SandboxPool {
  return new SandboxPool({ size, warm: 1, heapMb: 768 });
}
