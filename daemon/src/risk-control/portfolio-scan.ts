// risk.scan: portfolio risk of every account holding positions — exposure (gross, net, by
// symbol and sector), leverage, concentration, the day's P&L and its drawdown, historical VaR and
// expected shortfall at 95 % and 99 % (1 day, from up to 250 daily returns) and beta to NIFTY 50
// when its bars are stored. Monitoring, not gating: each run adds a row per account to the time
// series, sets the gauges, and raises a warning for each soft limit newly exceeded.
import type { Logger } from 'pino';
import { nseCalendar, type TradingCalendar } from '../core/calendar/trading-calendar';
import { istMidnight } from '../core/time';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { RiskMetrics } from '../metrics/risk-metrics';
import {
  PRESETS,
  DEFAULT_PRESET,
  alignReturns,
  betaToIndex,
  exposureReport,
  historicalTailRisk,
  intradayDrawdown,
  scenarioPnl,
  softBreaches,
  type ProfileDocument,
  type ProfileRef,
  type SoftBreach,
} from '../risk/index';
import { loadEffectiveProfiles } from './profile-assignment';
import {
  accountsSnapshottedSince,
  findBenchmark,
  loadCapital,
  loadDailyCloses,
  loadHoldings,
  loadLastPrices,
  loadSectors,
  type DailyCloses,
  type HeldRow,
} from './portfolio-store';
import { insertSnapshot, pruneSnapshots, seriesContext, type PortfolioSnapshot } from './portfolio-series';
import { insertViolations, publishViolation, type RecordedViolation } from './verdict-recorder';
import './risk-events';

export interface ScanDeps {
  pool: Pool;
  log: Logger;
  bus?: EventBus;
  metrics?: RiskMetrics;
  calendar?: TradingCalendar;
}

export interface ScanResult {
  skipped?: string;
  accounts: number;
  warnings: number;
}

const RETURN_DAYS = 250;
const MIN_RETURN_DAYS = 20;
const KEEP_DAYS = 90;

/** VaR, ES and beta of the open book from the days every holding (and the index) has. */
function tailFigures(
  held: HeldRow[],
  values: number[],
  closes: Map<number, DailyCloses>,
  benchmark: number | undefined,
  net: number,
) {
  const ids = held.map((h) => h.instrumentId);
  const withIndex = benchmark !== undefined && closes.has(benchmark) && !ids.includes(benchmark);
  const series = [...ids, ...(withIndex ? [benchmark] : [])].map(
    (id) => closes.get(id) ?? { days: [], closes: [] },
  );
  const aligned = alignReturns(series);
  const pnl = scenarioPnl(values, aligned.returns.slice(0, ids.length));
  const enough = aligned.days.length >= MIN_RETURN_DAYS && ids.length > 0;
  const t95 = enough ? historicalTailRisk(pnl, 0.95) : null;
  const t99 = enough ? historicalTailRisk(pnl, 0.99) : null;
  const b = enough && withIndex ? betaToIndex(pnl, aligned.returns[ids.length]!, net) : null;
  return { t95, t99, beta: b, days: aligned.days.length };
}

function profileDocument(doc: ProfileDocument | null): ProfileDocument {
  return doc ?? { ...PRESETS[DEFAULT_PRESET], extends: DEFAULT_PRESET };
}

function warningOf(b: SoftBreach, accountId: number, profile: ProfileRef | null): RecordedViolation {
  return {
    code: b.code,
    scope: 'account',
    scopeId: accountId,
    limitName: `soft.${b.key}`,
    limit: b.limit,
    value: b.value,
    message: b.message,
    profile,
  };
}

export async function runPortfolioScan(
  deps: ScanDeps,
  now = Date.now(),
  options: { force?: boolean } = {},
): Promise<ScanResult> {
  const calendar = deps.calendar ?? nseCalendar;
  if (!options.force && !calendar.sessionAt(now))
    return { skipped: 'no exchange session now', accounts: 0, warnings: 0 };
  const started = process.hrtime.bigint();
  const dayStart = istMidnight(now);
  const client = await deps.pool.connect();
  let warnings = 0;
  let accounts = 0;
  try {
    const holdings = await loadHoldings(client, await accountsSnapshottedSince(client, dayStart));
    const byAccount = new Map<number, HeldRow[]>();
    for (const h of holdings) byAccount.set(h.accountId, [...(byAccount.get(h.accountId) ?? []), h]);
    const instrumentIds = [...new Set(holdings.map((h) => h.instrumentId))];
    const benchmark = await findBenchmark(client);
    const prices = await loadLastPrices(client, instrumentIds);
    const closes = await loadDailyCloses(
      client,
      [...instrumentIds, ...(benchmark ? [benchmark] : [])],
      dayStart,
      RETURN_DAYS + 1,
    );
    const sectors = await loadSectors(client, instrumentIds);
    const capitals = await loadCapital(client, [...byAccount.keys()]);
    const profiles = new Map(
      (await loadEffectiveProfiles(client, [...byAccount.keys()], [])).map((e) => [
        e.id,
        {
          document: profileDocument(e.document),
          ref:
            e.profileId === null ? null : { profileId: e.profileId, version: e.version!, name: e.name ?? '' },
        },
      ]),
    );

    for (const [accountId, rows] of byAccount) {
      const held = rows.filter((r) => r.qty !== 0);
      const priced = held.map((h) => ({ h, price: prices.get(h.instrumentId)?.price ?? h.avgPrice }));
      const capital = capitals.get(accountId) ?? NaN;
      const report = exposureReport(
        priced.map(({ h, price }) => ({
          symbol: h.symbol,
          qty: h.qty,
          price,
          sector: sectors.get(h.instrumentId) ?? null,
        })),
        capital,
      );
      const totalPnl =
        rows.reduce((sum, r) => sum + r.realisedPnl, 0) +
        priced.reduce((sum, { h, price }) => sum + h.qty * (price - h.avgPrice), 0);
      const series = await seriesContext(client, accountId, dayStart);
      const dayPnl = series.openingTotal === null ? null : totalPnl - series.openingTotal;
      const dd = dayPnl === null ? null : intradayDrawdown([...series.todayPnl, dayPnl]);
      const tail = tailFigures(
        held,
        priced.map(({ h, price }) => h.qty * price),
        closes,
        benchmark,
        report.net,
      );
      const { document, ref } = profiles.get(accountId)!;
      const breaches = softBreaches(
        document,
        {
          maxPositionValue: Math.abs(report.bySymbol[0]?.value ?? 0),
          maxGrossExposure: report.gross,
          maxNetExposure: Math.abs(report.net),
          maxOpenPositions: report.openPositions,
          maxConcentrationPercent: report.largestPercentOfCapital,
          dailyLossHalt: dayPnl === null ? null : -dayPnl,
          drawdownHalt: dd?.drawdown ?? null,
          maxLeverage: report.leverage,
          maxVar95: tail.t95?.valueAtRisk ?? null,
          maxVar99: tail.t99?.valueAtRisk ?? null,
        },
        capital,
      );
      const snapshot: PortfolioSnapshot = {
        accountId,
        ownerId: rows[0]!.ownerId,
        at: now,
        gross: report.gross,
        net: report.net,
        long: report.long,
        short: report.short,
        openPositions: report.openPositions,
        capital: Number.isFinite(capital) ? capital : null,
        leverage: report.leverage,
        dayPnl,
        intradayDrawdown: dd?.drawdown ?? null,
        var95: tail.t95?.valueAtRisk ?? null,
        es95: tail.t95?.expectedShortfall ?? null,
        var99: tail.t99?.valueAtRisk ?? null,
        es99: tail.t99?.expectedShortfall ?? null,
        beta: tail.beta?.beta ?? null,
        betaExposure: tail.beta?.betaExposure ?? null,
        returnDays: tail.days,
        details: {
          totalPnl,
          bySymbol: report.bySymbol,
          bySector: report.bySector,
          unclassifiedGross: report.unclassifiedGross,
          concentration: report.concentration,
          unpriced: held.filter((h) => !prices.has(h.instrumentId)).map((h) => h.symbol),
          breaches: breaches.map((b) => b.key),
          benchmark: benchmark === undefined ? null : String(benchmark),
        },
      };
      await insertSnapshot(client, snapshot);
      accounts++;
      setGauges(deps.metrics, snapshot);
      const fresh = breaches.filter((b) => !series.breaches.includes(b.key));
      if (fresh.length > 0) {
        const violations = fresh.map((b) => warningOf(b, accountId, ref));
        const ctx = { ownerId: snapshot.ownerId, accountId, deploymentId: null };
        const checkId = await insertViolations(client, {
          severity: 'warning',
          violations,
          ctx,
          details: { scan: true },
        });
        for (const b of fresh) deps.metrics?.warnings.inc({ rule: b.code });
        await publishViolation(deps, checkId, 'warning', violations, ctx);
        warnings += fresh.length;
      }
    }
    await pruneSnapshots(client, now - KEEP_DAYS * 86_400_000);
  } finally {
    client.release();
  }
  deps.metrics?.scanDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
  await deps.bus?.publish('risk.scan', { at: now, accounts, warnings }).catch(() => undefined);
  return { accounts, warnings };
}

function setGauges(metrics: RiskMetrics | undefined, s: PortfolioSnapshot): void {
  if (!metrics) return;
  const account = String(s.accountId);
  // Rupees to the paisa, as stored: 999.9999999999998 is ₹1,000.
  const paise = (v: number) => Math.round(v * 100) / 100;
  for (const [kind, value] of [
    ['gross', s.gross],
    ['net', s.net],
    ['long', s.long],
    ['short', s.short],
  ] as const)
    metrics.exposure.set({ account, kind }, paise(value));
  if (s.leverage !== null) metrics.leverage.set({ account }, s.leverage);
  if (s.intradayDrawdown !== null) metrics.drawdown.set({ account }, paise(s.intradayDrawdown));
  for (const [confidence, v, es] of [
    ['0.95', s.var95, s.es95],
    ['0.99', s.var99, s.es99],
  ] as const) {
    if (v !== null) metrics.valueAtRisk.set({ account, confidence }, paise(v));
    if (es !== null) metrics.expectedShortfall.set({ account, confidence }, paise(es));
  }
}
