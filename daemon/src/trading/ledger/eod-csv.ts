// An EOD report as CSV: three blocks, each with its own header — trades, P&L by component,
// positions carried — separated by a blank line, as contract-note exports are laid out.
import { COST_COMPONENTS } from '../../costs';
import type { EodReport } from './eod-report';

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (values: (string | number | null)[]) => values.map(cell).join(',');

export function eodReportCsv(report: EodReport): string {
  const lines: string[] = [row(['EOD report', `deployment ${report.deploymentId}`, report.tradingDate]), ''];
  lines.push('trades');
  lines.push(
    row([
      'time',
      'client_order_id',
      'symbol',
      'product',
      'side',
      'qty',
      'price',
      'value',
      ...COST_COMPONENTS,
      'charges',
      'realised_pnl',
    ]),
  );
  for (const t of report.trades)
    lines.push(
      row([
        t.time,
        t.clientOrderId,
        t.symbol,
        t.product,
        t.side,
        t.qty,
        t.price,
        t.value,
        ...COST_COMPONENTS.map((c) => t.charges[c]),
        t.charges.total,
        t.realisedPnl,
      ]),
    );
  lines.push('', 'pnl', row(['component', 'amount']));
  lines.push(
    row(['realised', report.pnl.realised]),
    row(['unrealised', report.pnl.unrealised]),
    row(['day_pnl', report.pnl.dayPnl]),
  );
  for (const c of COST_COMPONENTS) lines.push(row([c, report.pnl.charges[c]]));
  lines.push(row(['charges', report.pnl.charges.total]), row(['net', report.pnl.net]));
  lines.push(
    '',
    'positions',
    row(['symbol', 'product', 'qty', 'avg_price', 'last_price', 'unrealised_pnl', 'day_pnl']),
  );
  for (const p of report.positions)
    lines.push(row([p.symbol, p.product, p.qty, p.avgPrice, p.lastPrice, p.unrealisedPnl, p.dayPnl]));
  return `${lines.join('\n')}\n`;
}
