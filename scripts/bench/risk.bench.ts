// The pre-trade gate on one order: every rule (order rules once, the scope rules for the
// deployment and again for the account, the broker ceiling), a limit entry order that passes
// them all — the longest path. Each check is timed on its own with process.hrtime.bigint; the
// cost of an empty timed region, measured in the same run, is the baseline. Target from issue 11:
// p99 ≤ 10 µs with 20 rules.
import { istTime } from '../../daemon/src/core/time';
import { ORDER_RULES, SCOPE_RULES } from '../../daemon/src/risk/rule-set';
import {
  RULE_CODES,
  compileProfile,
  createRiskGate,
  parseProfile,
  type RiskGate,
  type RiskOrder,
  type RiskSnapshot,
  type ScopeSnapshot,
} from '../../daemon/src/risk/index';
import { emit, percentile } from './emit';

const profile = compileProfile(
  parseProfile({
    extends: 'moderate',
    limits: { maxOrdersPerSecond: 10, maxOrdersPerMinute: 600, maxOrdersPerDay: 100_000 },
  }),
  { profileId: 1, version: 1, name: 'bench' },
);
const scope = (id: number): ScopeSnapshot => ({
  id,
  profile,
  capital: 5_000_000,
  dayPnl: -1200,
  grossExposure: 900_000,
  netExposure: 400_000,
  openPositions: 4,
  positionQty: 200,
  pendingBuyQty: 0,
  pendingSellQty: 0,
});
const start = istTime('2025-01-06', 9, 20);
const snapshot: RiskSnapshot = {
  now: start,
  instrument: { kind: 'equity', tickSize: 0.05, lotSize: 1, freezeQty: 100_000 },
  market: { lastPrice: 1000, lastTickAt: start, upperCircuit: 1100, lowerCircuit: 900 },
  account: { ...scope(3), cncSellableQty: 0 },
  deployment: scope(7),
};
const order: RiskOrder = {
  deploymentId: 7,
  accountId: 3,
  symbol: 'NSE:BENCH',
  side: 'buy',
  qty: 100,
  orderType: 'LIMIT',
  limitPrice: 1001.5,
  product: 'INTRADAY',
  origin: 'strategy',
};

// 241 ms between orders keeps under the broker's 250 a minute, and a fresh gate every 1,000
// orders under its 1,000 an hour (and inside one session), so every check is allowed.
const STEP_MS = 241;
const PER_GATE = 1000;

function measure(checks: number, timed: boolean): { samples: number[]; denied: number } {
  const samples: number[] = [];
  let gate: RiskGate = createRiskGate();
  let denied = 0;
  for (let i = 0; i < checks; i++) {
    if (i % PER_GATE === 0) gate = createRiskGate();
    snapshot.now = start + (i % PER_GATE) * STEP_MS;
    snapshot.market.lastTickAt = snapshot.now;
    if (timed) {
      const t0 = process.hrtime.bigint();
      const v = gate.check(order, snapshot);
      const t1 = process.hrtime.bigint();
      samples.push(Number(t1 - t0));
      if (!v.allowed) denied++;
    } else if (!gate.check(order, snapshot).allowed) denied++;
  }
  return { samples, denied };
}

function timerOverhead(n: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const t1 = process.hrtime.bigint();
    samples.push(Number(t1 - t0));
  }
  return samples;
}

measure(50_000, false); // warm-up: let the JIT settle
const { samples, denied } = measure(200_000, true);
if (denied > 0)
  throw new Error(`bench set-up: ${denied} checks were denied; every check must run every rule`);
const overhead = timerOverhead(200_000);
const base = percentile(overhead, 50);
const rulesPerCheck = ORDER_RULES.length + 2 * (SCOPE_RULES.length + 3) + 4;
const notes = `${RULE_CODES.length} rule codes; ${rulesPerCheck} rule evaluations per order (deployment and account scopes); includes ~${base} ns timer overhead`;

for (const [metric, p] of [
  ['p50', 50],
  ['p99', 99],
] as const) {
  const value = percentile(samples, p) / 1000;
  emit({
    bench: 'risk.gate.check',
    metric,
    value,
    unit: 'µs',
    baseline: { name: 'empty timed region (hrtime pair)', value: percentile(overhead, p) / 1000 },
    ...(metric === 'p99' ? { target: '<= 10', meetsTarget: value <= 10 } : {}),
    notes,
  });
}

const t0 = process.hrtime.bigint();
measure(200_000, false);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
emit({
  bench: 'risk.gate.check',
  metric: 'throughput',
  value: Math.round(200_000 / seconds),
  unit: 'orders/s',
  notes: 'untimed loop, every order allowed',
});
