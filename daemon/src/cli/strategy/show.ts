// `quanttrade strategy list | show ID | diff ID [FILE]`: saved strategies as the daemon has them.
import { readFileSync } from 'node:fs';
import type { QuantTradeClient } from '../../api/client';
import { table } from '../backtest/format';
import { UsageError } from '../command';
import { unifiedDiff } from './line-diff';

export async function listStrategies(client: QuantTradeClient, includeArchived: boolean): Promise<string> {
  const page = await client.api.strategies.list.query({ limit: 500, includeArchived });
  if (page.items.length === 0) return 'no strategies yet (quanttrade strategy push FILE --name NAME)';
  const rows = page.items.map((s) => [
    String(s.id),
    s.name,
    s.current.code ? `code (${s.current.code.name})` : `template ${s.current.template}`,
    String(s.latestVersion),
    s.current.code?.sourceHash.slice(0, 12) ?? '',
    s.current.universe.symbols.join(','),
    s.archivedAt ? 'archived' : '',
  ]);
  return table([['id', 'name', 'kind', 'version', 'source', 'symbols', ''], ...rows], [0, 3]);
}

export async function showStrategy(
  client: QuantTradeClient,
  id: number,
  version: number | undefined,
  source: boolean,
): Promise<string> {
  const s = await client.api.strategies.get.query({ id });
  const v = version === undefined ? s.current : s.versions.find((x) => x.version === version);
  if (!v)
    throw new UsageError(
      `--version: got ${version}, expected one of ${s.versions.map((x) => x.version).join(', ')}`,
    );
  if (source) return (await client.api.strategies.source.query({ id, version: v.version })).source;
  const lines = [
    `${s.name} (strategy ${s.id})${s.archivedAt ? ' — archived' : ''}`,
    s.description,
    `version ${v.version} of ${s.latestVersion}, saved ${v.createdAt}`,
    v.code
      ? `code: ${v.code.name}, ${v.code.language}, sha256 ${v.code.sourceHash}`
      : `template: ${v.template}`,
    `params: ${JSON.stringify(v.params)}`,
    `universe: ${v.universe.symbols.join(', ')} (${v.universe.timeframe}); costs: ${JSON.stringify(v.costs)}`,
    `versions: ${s.versions.map((x) => x.version).join(', ')}`,
  ];
  return lines.filter((l) => l !== '').join('\n');
}

/** The saved source (a version) against a local file, or against another version. */
export async function diffStrategy(
  client: QuantTradeClient,
  id: number,
  target: { file?: string; version?: number; against?: number },
): Promise<string> {
  const saved = await client.api.strategies.source.query({ id, version: target.version });
  if (target.file !== undefined) {
    let local: string;
    try {
      local = readFileSync(target.file, 'utf8');
    } catch (err) {
      throw new UsageError(
        `FILE: got ${JSON.stringify(target.file)}, expected a readable file (${(err as Error).message})`,
      );
    }
    return unifiedDiff(saved.source, local, { a: `strategy ${id} version ${saved.version}`, b: target.file });
  }
  const other = await client.api.strategies.source.query({ id, version: target.against });
  return unifiedDiff(saved.source, other.source, {
    a: `strategy ${id} version ${saved.version}`,
    b: `strategy ${id} version ${other.version}`,
  });
}
