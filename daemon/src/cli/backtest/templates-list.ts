// `quanttrade backtest --list-strategies`: every template with its parameters and defaults.
import { listTemplates } from '../../strategies/index';

export function formatTemplates(): string {
  return listTemplates()
    .map((t) => {
      const props = (t.schema.properties ?? {}) as Record<string, { description?: string }>;
      const params = Object.entries(t.defaults).map(
        ([k, v]) => `    ${`${k}=${String(v)}`.padEnd(16)} ${props[k]?.description ?? ''}`,
      );
      return [`${t.name}`, `    ${t.description}`, ...params].join('\n');
    })
    .join('\n\n');
}
