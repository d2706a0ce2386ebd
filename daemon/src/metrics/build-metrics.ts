import { Gauge, type Registry } from 'prom-client';

export interface BuildMetrics {
  /** Records what this daemon runs: `quanttrade_build_info{version, node, roles} 1`. */
  record(info: { version: string; node: string; roles: readonly string[] }): void;
}

export function createBuildMetrics(registry: Registry): BuildMetrics {
  const gauge = new Gauge({
    name: 'quanttrade_build_info',
    help: 'Always 1; its labels say which QuantTrade version, Node version and roles this daemon runs',
    labelNames: ['version', 'node', 'roles'],
    registers: [registry],
  });
  return {
    record({ version, node, roles }) {
      gauge.reset();
      gauge.set({ version, node, roles: [...roles].sort().join(',') }, 1);
    },
  };
}
