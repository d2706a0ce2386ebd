// The drift report as the API and the CLI send it: times as ISO strings.
import type { DriftEvent } from './drift-diff';
import type { DriftReport } from './drift-report';

const event = (e: DriftEvent) => ({ time: new Date(e.time).toISOString(), price: e.price, qty: e.qty });

export function driftView(report: DriftReport) {
  return {
    ...report,
    rows: report.rows.map((r) => ({
      ...r,
      expected: r.expected && event(r.expected),
      actual: r.actual && { ...event(r.actual), id: r.actual.id },
    })),
  };
}
export type DriftView = ReturnType<typeof driftView>;
