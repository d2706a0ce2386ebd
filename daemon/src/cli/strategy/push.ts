// `quanttrade strategy push FILE --name NAME`: saves a strategy file to the daemon — a new
// strategy, or a new version of the one with that name (nothing is added when the code and
// settings did not change). The daemon compiles, type-checks and loads it in the sandbox first;
// problems come back as FILE:LINE:COLUMN lines and exit code 1.
import { readFileSync } from 'node:fs';
import type { QuantTradeClient } from '../../api/client';
import { UsageError } from '../command';

export interface PushOptions {
  file: string;
  name: string;
  description?: string;
  symbols?: string[];
  timeframe?: string;
  params?: Record<string, unknown>;
  costs?: string;
}

interface Issue {
  path: string;
  value?: unknown;
  expected: string;
}

function costsInput(text: string | undefined) {
  if (text === undefined) return undefined;
  if (text.startsWith('percent:')) return { model: 'percent' as const, rate: Number(text.slice(8)) };
  if (text.startsWith('flat:')) return { model: 'flat' as const, rupees: Number(text.slice(5)) };
  return { model: text } as { model: 'none' };
}

async function findByName(api: QuantTradeClient['api'], name: string) {
  for (let offset = 0; ; offset += 500) {
    const page = await api.strategies.list.query({ limit: 500, offset });
    const found = page.items.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (found || offset + page.items.length >= page.total) return found;
  }
}

/** Source problems as FILE:LINE:COLUMN lines (the daemon names them source:LINE:COLUMN). */
export function sourceProblems(file: string, issues: Issue[] | undefined): string[] {
  return (issues ?? []).map((i) => {
    const m = /^source:(\d+):(\d+)$/.exec(i.path);
    return m ? `${file}:${m[1]}:${m[2]}: ${i.expected}` : `${i.path}: ${i.expected}`;
  });
}

export async function pushStrategy(client: QuantTradeClient, o: PushOptions): Promise<string> {
  let source: string;
  try {
    source = readFileSync(o.file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `FILE: got ${JSON.stringify(o.file)}, expected a readable file (${(err as Error).message})`,
    );
  }
  const language = o.file.endsWith('.js') || o.file.endsWith('.mjs') ? ('js' as const) : ('ts' as const);
  const api = client.api;
  const universe = o.symbols ? { symbols: o.symbols, timeframe: o.timeframe ?? '1d' } : undefined;
  const existing = await findByName(api, o.name);
  if (!existing) {
    const created = await api.strategies.create.mutate({
      name: o.name,
      description: o.description ?? '',
      source,
      language,
      params: o.params ?? {},
      universe: universe ?? { symbols: ['DEMOBANK'], timeframe: o.timeframe ?? '1d' },
      costs: costsInput(o.costs),
    });
    return `created strategy ${created.id} "${created.name}" version 1 (${created.current.code!.sourceHash.slice(0, 12)})`;
  }
  const updated = await api.strategies.update.mutate({
    id: existing.id,
    source,
    language,
    description: o.description,
    params: o.params,
    universe,
    costs: costsInput(o.costs),
  });
  const hash = updated.current.code?.sourceHash.slice(0, 12);
  return updated.latestVersion === existing.latestVersion
    ? `strategy ${updated.id} "${updated.name}" unchanged (version ${updated.latestVersion}, ${hash})`
    : `strategy ${updated.id} "${updated.name}" version ${updated.latestVersion} (${hash})`;
}
