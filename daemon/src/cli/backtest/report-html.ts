// `--html`: one self-contained file — uPlot's script and stylesheet are inlined, the data is
// embedded as JSON — that opens offline in any browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BarSeries } from '../../core/bar';
import { packageRoot } from '../../config/package-root';
import { describeCostModel } from '../../costs/index';
import type { BacktestResult } from '../../engine/index';
import { reportData } from './report-data';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-template';

function uplotAsset(file: string): string {
  return readFileSync(join(packageRoot(), 'node_modules', 'uplot', 'dist', file), 'utf8');
}

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * What the reader must see before any figure, written into the page (not left to its script):
 * synthetic data, the cost model, and the result's warnings (rejected orders, a short sample).
 */
function notices(result: BacktestResult, synthetic: readonly string[]): string {
  const lines = [
    ...(synthetic.length
      ? [
          `<p class="warning synthetic"><strong>SYNTHETIC DATA</strong>: ${escapeHtml(synthetic.join(', '))} ` +
            `${synthetic.length === 1 ? 'holds' : 'hold'} generated bars, not market prices.</p>`,
        ]
      : []),
    ...result.stats.warnings.map((w) => `<p class="warning">Warning: ${escapeHtml(w)}</p>`),
    `<p class="costs-model">Cost model: ${escapeHtml(describeCostModel(result.spec.costs, result.spec.product))}</p>`,
  ];
  return `<section id="notices">${lines.join('')}</section>`;
}

export function renderHtmlReport(
  result: BacktestResult,
  bars: Map<string, BarSeries>,
  options: { synthetic?: readonly string[] } = {},
): string {
  const data = reportData(result, bars);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} — QuantTrade backtest</title>
<style>${uplotAsset('uPlot.min.css')}</style>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(data.title)}</h1><p id="subtitle"></p></header>
<main>
${notices(result, options.synthetic ?? [])}
<section><h2>Equity</h2><div id="equity-chart" class="chart"></div></section>
<section><h2>Drawdown</h2><div id="drawdown-chart" class="chart"></div></section>
<section><h2 id="price-title">Price and trades</h2><div id="price-chart" class="chart"></div></section>
<section class="columns">
<div><h2>Statistics</h2><table id="stats"></table></div>
<div><h2>Costs</h2><table id="costs"></table><h2>Run</h2><table id="spec"></table></div>
</section>
<section><h2>Trades</h2><p id="trade-note"></p><table id="trades" class="trades"></table></section>
</main>
<script>${uplotAsset('uPlot.iife.min.js')}</script>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
