// dashboards/alerts.yml: valid for Prometheus (promtool check), each alert firing on the series
// it is about and not before its `for` (promtool test rules dashboards/alerts.test.yml), and using
// only metrics the daemon exports (a renamed metric must not silently disarm an alert).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import { findPromtool } from '../support/promtool';
import { metricNames } from '../support/promql';

const dir = join(packageRoot(), 'dashboards');
/** Series Prometheus makes itself, not the daemon. */
const PROMETHEUS_OWN = new Set(['up']);

function promtool(...args: string[]) {
  const result = spawnSync(findPromtool(), args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The `expr:` of every rule (one line each in alerts.yml). */
function ruleExpressions(): string[] {
  return [...readFileSync(join(dir, 'alerts.yml'), 'utf8').matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]!);
}

describe('alerting rules', () => {
  it('pass promtool check (rules and the Prometheus config that loads them)', () => {
    const rules = promtool('check', 'rules', 'alerts.yml');
    expect(rules.output).toContain('SUCCESS: 15 rules found');
    expect(rules.status).toBe(0);
    // Syntax only: the scrape config reads the metrics token from a file that exists in the
    // Prometheus container (scripts/compose.yml), not here. The rules are checked above; the
    // config must still load them.
    const config = promtool('check', 'config', '--syntax-only', 'prometheus.yml');
    expect(config.status, config.output).toBe(0);
    expect(readFileSync(join(dir, 'prometheus.yml'), 'utf8')).toMatch(/rule_files:\n\s+- alerts\.yml/);
  });

  it('fire as their tests say (promtool test rules)', () => {
    const result = promtool('test', 'rules', 'alerts.test.yml');
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it('name only metrics the daemon exports', async () => {
    const exported = new Set<string>();
    for (const m of await createMetrics().registry.getMetricsAsJSON()) {
      exported.add(m.name);
      if (String(m.type) === 'histogram')
        ['_bucket', '_sum', '_count'].forEach((s) => exported.add(m.name + s));
    }
    const exprs = ruleExpressions();
    expect(exprs).toHaveLength(15);
    const used = [...new Set(exprs.flatMap(metricNames))].filter((n) => !PROMETHEUS_OWN.has(n));
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((n) => !exported.has(n))).toEqual([]);
  });

  it('has a test case for every alert', () => {
    const alerts = [...readFileSync(join(dir, 'alerts.yml'), 'utf8').matchAll(/- alert: (\w+)/g)].map(
      (m) => m[1],
    );
    const tested = readFileSync(join(dir, 'alerts.test.yml'), 'utf8');
    expect(alerts.filter((a) => !tested.includes(`alertname: ${a}`))).toEqual([]);
  });
});
