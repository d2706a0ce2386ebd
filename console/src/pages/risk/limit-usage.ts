// How close an account is to each portfolio limit: the latest risk.scan snapshot against the
// limits of the profile in force (its own document over the preset it extends). Pure, so the
// gauges' arithmetic is tested without a browser.

export type LimitValue = number | string;

export interface ProfileDocument {
  extends?: string;
  limits: Record<string, LimitValue>;
  soft: Record<string, LimitValue>;
  disabledRules: string[];
}

/** The snapshot fields the gauges read (risk.portfolio's `latest`). */
export interface SnapshotFigures {
  gross: number;
  net: number;
  openPositions: number;
  capital: number | null;
  dayPnl: number | null;
  intradayDrawdown: number | null;
  var99: number | null;
}

export type GaugeLevel = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Gauge {
  key: string;
  label: string;
  unit: 'money' | 'count';
  used: number | null;
  /** Resolved to rupees or a count; undefined when it cannot be (a share of unknown capital). */
  limit: number | undefined;
  /** How the limit is written in the profile ("2%" of capital, 500000, …). */
  written: LimitValue | undefined;
  /** used ÷ limit, when both are known. */
  ratio: number | undefined;
  level: GaugeLevel;
  /** The rule is switched off in the profile: the gauge is informational. */
  off: boolean;
}

/** From this share of a limit on, the gauge warns. */
export const WARN_RATIO = 0.8;

const PERCENT = /^(\d+(?:\.\d+)?)%$/;

/** A money limit in rupees: a number as is, "N%" as a share of capital (undefined without one). */
export function resolveMoney(value: LimitValue | undefined, capital: number | null): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = PERCENT.exec(value.trim());
  if (!m || capital === null) return undefined;
  return (capital * Number(m[1])) / 100;
}

/** The limits in force: the preset the document extends, overridden by its own limits. */
export function effectiveLimits(
  doc: ProfileDocument,
  presets: Record<string, ProfileDocument>,
): Record<string, LimitValue> {
  const base = doc.extends ? presets[doc.extends]?.limits : undefined;
  return { ...(base ?? {}), ...doc.limits };
}

const GAUGES: {
  key: string;
  label: string;
  rule: string;
  unit: 'money' | 'count';
  used: (s: SnapshotFigures) => number | null;
}[] = [
  {
    key: 'maxGrossExposure',
    label: 'Gross exposure',
    rule: 'max_gross_exposure',
    unit: 'money',
    used: (s) => s.gross,
  },
  {
    key: 'maxNetExposure',
    label: 'Net exposure',
    rule: 'max_net_exposure',
    unit: 'money',
    used: (s) => Math.abs(s.net),
  },
  {
    key: 'maxOpenPositions',
    label: 'Open positions',
    rule: 'max_open_positions',
    unit: 'count',
    used: (s) => s.openPositions,
  },
  {
    key: 'dailyLossHalt',
    label: "Day's loss (halt)",
    rule: 'daily_loss',
    unit: 'money',
    // A day in profit has used none of its loss limit.
    used: (s) => (s.dayPnl === null ? null : Math.max(0, -s.dayPnl)),
  },
  {
    key: 'drawdownHalt',
    label: "Drawdown from the day's peak (halt)",
    rule: 'drawdown',
    unit: 'money',
    used: (s) => s.intradayDrawdown,
  },
];

function levelOf(ratio: number | undefined): GaugeLevel {
  if (ratio === undefined) return 'unknown';
  if (ratio >= 1) return 'bad';
  return ratio >= WARN_RATIO ? 'warn' : 'ok';
}

/** One gauge per portfolio limit the snapshot can be measured against. */
export function limitGauges(
  doc: ProfileDocument,
  presets: Record<string, ProfileDocument>,
  snapshot: SnapshotFigures,
): Gauge[] {
  const limits = effectiveLimits(doc, presets);
  const gauges: Gauge[] = GAUGES.map((g) => {
    const written = limits[g.key];
    const limit =
      g.unit === 'count'
        ? typeof written === 'number'
          ? written
          : undefined
        : resolveMoney(written, snapshot.capital);
    const used = g.used(snapshot);
    const ratio = used !== null && limit !== undefined && limit > 0 ? used / limit : undefined;
    const off = doc.disabledRules.includes(g.rule);
    return {
      key: g.key,
      label: g.label,
      unit: g.unit,
      used,
      limit,
      written,
      ratio,
      level: off ? 'unknown' : levelOf(ratio),
      off,
    };
  });
  // VaR has only a soft limit (a warning from the scan), shown when the profile sets one.
  const softVar = { ...(doc.extends ? presets[doc.extends]?.soft : undefined), ...doc.soft }.maxVar99;
  if (softVar !== undefined) {
    const limit = resolveMoney(softVar, snapshot.capital);
    const ratio = snapshot.var99 !== null && limit ? snapshot.var99 / limit : undefined;
    gauges.push({
      key: 'maxVar99',
      label: '1-day VaR 99 % (soft)',
      unit: 'money',
      used: snapshot.var99,
      limit,
      written: softVar,
      ratio,
      level: levelOf(ratio),
      off: false,
    });
  }
  return gauges;
}
