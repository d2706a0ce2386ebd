// Style and browser script of the HTML report (plain strings: the report is one static file).
// The script reads the embedded JSON and draws three uPlot charts (equity with the buy-and-hold
// benchmark, drawdown, price with buy/sell markers) and the statistics and trade tables.

export const REPORT_STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
header { padding: 16px 24px; background: #1d2733; color: #fff; }
header h1 { margin: 0; font-size: 20px; } header p { margin: 4px 0 0; color: #c5ccd6; }
#notices p { margin: 0 0 8px; padding: 8px 12px; border-radius: 4px; background: #fff; }
#notices .warning { background: #fff4e0; border-left: 4px solid #d98b00; }
#notices .synthetic { background: #ffe7e7; border-left-color: #c62828; }
main { padding: 8px 24px 32px; } h2 { font-size: 15px; margin: 20px 0 8px; }
section { background: #fff; border-radius: 6px; padding: 4px 16px 12px; margin-top: 16px; }
.chart { width: 100%; } .columns { display: flex; gap: 32px; flex-wrap: wrap; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #e6e9ee; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.trades { width: 100%; } .pos { color: #17803d; } .neg { color: #c0392b; }
`;

export const REPORT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var ist = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Asia/Kolkata'); };
  var inr = function (x) { return x == null ? '—' : x.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); };
  var pct = function (x) { return x == null ? '—' : (x * 100).toFixed(2) + ' %'; };
  var num = function (x) { return x == null ? '—' : Number(x).toFixed(2); };
  var width = function () { return Math.max(400, document.querySelector('main').clientWidth - 40); };
  var charts = [];

  function chart(el, series, cols, opts) {
    var u = new uPlot(Object.assign({ width: width(), height: 260, tzDate: ist, series: [{}].concat(series),
      cursor: { sync: { key: 'qt' } }, scales: { x: { time: true } } }, opts || {}), cols, document.getElementById(el));
    charts.push(u);
    return u;
  }

  var e = data.equity;
  chart('equity-chart', [
    { label: 'Strategy', stroke: '#2563eb', width: 1.5, value: function (u, v) { return inr(v); } },
    { label: 'Buy and hold', stroke: '#9aa5b1', width: 1, value: function (u, v) { return inr(v); } },
  ], [e.time, e.value, e.benchmark], { axes: [{}, { size: 90, values: function (u, vals) {
    return vals.map(function (v) { return v.toLocaleString('en-IN', { maximumFractionDigits: 0 }); });
  } }] });
  chart('drawdown-chart', [
    { label: 'Drawdown %', stroke: '#c0392b', fill: 'rgba(192,57,43,0.15)', value: function (u, v) { return v == null ? '—' : v.toFixed(2) + ' %'; } },
  ], [e.time, e.drawdown], { height: 180 });

  var p = data.price;
  document.getElementById('price-title').textContent = 'Price of ' + p.symbol + ' and trades';
  function drawMarkers(u) {
    var ctx = u.ctx; ctx.save();
    data.markers.forEach(function (m) {
      var x = u.valToPos(m.t, 'x', true), y = u.valToPos(m.p, 'y', true), s = 5 * devicePixelRatio;
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
      ctx.fillStyle = m.side === 'buy' ? '#17803d' : '#c0392b';
      ctx.beginPath();
      if (m.side === 'buy') { ctx.moveTo(x, y); ctx.lineTo(x - s, y + 1.7 * s); ctx.lineTo(x + s, y + 1.7 * s); }
      else { ctx.moveTo(x, y); ctx.lineTo(x - s, y - 1.7 * s); ctx.lineTo(x + s, y - 1.7 * s); }
      ctx.fill();
    });
    ctx.restore();
  }
  chart('price-chart', [
    { label: 'Close', stroke: '#1d2733', width: 1 },
    { label: 'High', stroke: 'rgba(0,0,0,0.12)', width: 1 },
    { label: 'Low', stroke: 'rgba(0,0,0,0.12)', width: 1 },
  ], [p.time, p.close, p.high, p.low], { height: 320, hooks: { draw: [drawMarkers] }, axes: [{}, { size: 70 }] });

  window.addEventListener('resize', function () { charts.forEach(function (u) { u.setSize({ width: width(), height: u.height }); }); });

  function rows(id, list) {
    document.getElementById(id).innerHTML = list.map(function (r) {
      return '<tr><th>' + r[0] + '</th><td class="num">' + r[1] + '</td></tr>';
    }).join('');
  }
  var s = data.stats;
  document.getElementById('subtitle').textContent = (s.startTime || '') + ' → ' + (s.endTime || '') + ' · ' + s.bars + ' bars';
  rows('stats', [
    ['Initial cash', inr(data.initialCash)], ['Final value', inr(data.finalValue)], ['Cash', inr(data.cash)],
    ['Total return', pct(s.totalReturn)], ['CAGR', pct(s.cagr)], ['Volatility (annual)', pct(s.annualVolatility)],
    ['Sharpe', num(s.sharpe)], ['Sortino', num(s.sortino)], ['Calmar', num(s.calmar)],
    ['Max drawdown', pct(s.maxDrawdown)], ['Longest drawdown', s.maxDrawdownBars + ' bars'],
    ['Trades', s.trades], ['Win rate', pct(s.winRate)], ['Profit factor', num(s.profitFactor)],
    ['Expectancy', inr(s.expectancy)], ['Average win', inr(s.averageWin)], ['Average loss', inr(s.averageLoss)],
    ['Largest win', inr(s.largestWin)], ['Largest loss', inr(s.largestLoss)],
    ['Average holding', num(s.averageHoldingBars) + ' bars'], ['Exposure', pct(s.exposure)],
    ['Turnover', num(s.turnover) + '×'], ['Buy and hold', pct(s.benchmarkReturn)], ['Alpha', pct(s.alpha)], ['Beta', num(s.beta)],
  ]);
  rows('costs', Object.keys(s.costs).map(function (k) { return [k, inr(s.costs[k])]; }));
  rows('spec', Object.keys(data.spec).filter(function (k) { return typeof data.spec[k] !== 'object'; })
    .map(function (k) { return [k, String(data.spec[k])]; }));

  var head = ['#', 'Side', 'Qty', 'Entry', 'Entry price', 'Exit', 'Exit price', 'PnL', 'Costs', 'Net PnL', 'Bars'];
  var body = data.trades.map(function (t, i) {
    var cls = t.netPnl > 0 ? 'pos' : t.netPnl < 0 ? 'neg' : '';
    return '<tr><td class="num">' + (i + 1) + '</td><td>' + t.side + '</td><td class="num">' + t.qty + '</td><td>' + t.entryTime +
      '</td><td class="num">' + num(t.entryPrice) + '</td><td>' + t.exitTime + '</td><td class="num">' + num(t.exitPrice) +
      '</td><td class="num">' + inr(t.pnl) + '</td><td class="num">' + inr(t.costs) + '</td><td class="num ' + cls + '">' +
      inr(t.netPnl) + '</td><td class="num">' + t.bars + '</td></tr>';
  }).join('');
  document.getElementById('trades').innerHTML = '<tr>' + head.map(function (h) { return '<th>' + h + '</th>'; }).join('') + '</tr>' + body;
  document.getElementById('trade-note').textContent = data.tradeCount > data.trades.length
    ? 'Showing the first ' + data.trades.length + ' of ' + data.tradeCount + ' trades (all are in --json).'
    : data.tradeCount + ' closed trades.';
})();
`;
