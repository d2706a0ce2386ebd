// Every metric used in every Grafana dashboard (dashboards/*.json, whoever wrote it) must be
// exported by the daemon's registry: a renamed metric must not silently blank a panel.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import { metricNames } from '../support/promql';

const dir = join(packageRoot(), 'dashboards');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Every PromQL expression in a dashboard: panel targets, templating queries, anywhere nested. */
function expressions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => expressions(n, out));
  else if (node && typeof node === 'object') {
    // A data-source variable's `query` is a plugin type ("prometheus"), not PromQL.
    if ((node as { type?: unknown }).type === 'datasource') return out;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'expr' || key === 'query' || key === 'definition') && typeof value === 'string')
        out.push(value);
      else expressions(value, out);
    }
  }
  return out;
}

async function exportedNames(): Promise<Set<string>> {
  const metrics = await createMetrics().registry.getMetricsAsJSON();
  const names = new Set<string>();
  for (const m of metrics) {
    names.add(m.name);
    // prom-client's types say enum; the JSON holds the type's name.
    const type = String(m.type);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(m.name + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(m.name + s));
  }
  return names;
}

describe('dashboards', () => {
  it('finds the metric names in PromQL', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(a_b_bucket{x=~"y|z"}[5m]))) / clamp_min(c, 1e-9) + time()',
      ),
    ).toEqual(['a_b_bucket', 'c']);
    expect(metricNames('label_values(quanttrade_up, instance)')).toEqual(['quanttrade_up']);
  });

  it('ships at least the daemon dashboard', () => {
    expect(files).toContain('quanttrade-daemon.json');
  });

  it.each(files)('%s uses only metrics the daemon exports', async (file) => {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const used = [...new Set(expressions(dashboard).flatMap(metricNames))];
    expect(used.length).toBeGreaterThan(0);
    const exported = await exportedNames();
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
