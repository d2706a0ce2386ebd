// Instruments as the paper venue knows them (the instrument master is its "exchange"): found by
// Dhan security id and segment, or by exchange and symbol for instruments without one (synthetic
// demo symbols). Cached: the venue asks on every tick.
import type { Pool } from '../../db/pool';
import { BrokerError, type BrokerInstrumentRef } from '../broker-link';
import { loadInstruments, type PaperInstrument } from './paper-store';

export class PaperInstruments {
  private readonly byKey = new Map<string, PaperInstrument>();
  private readonly byIdMap = new Map<number, PaperInstrument>();

  constructor(private readonly pool: Pool) {}

  private keep(i: PaperInstrument): PaperInstrument {
    this.byIdMap.set(i.id, i);
    this.byKey.set(`${i.exchange}:${i.symbol}`, i);
    if (i.securityId) this.byKey.set(`${i.segment}#${i.securityId}`, i);
    return i;
  }

  /** The instrument a request names; BrokerError 'rejected' when the venue does not list it. */
  async resolve(ref: BrokerInstrumentRef): Promise<PaperInstrument> {
    const key = ref.securityId ? `${ref.segment}#${ref.securityId}` : `${ref.exchange}:${ref.symbol}`;
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const rows = ref.securityId
      ? await loadInstruments(this.pool, 'segment = $1 AND security_id = $2', [ref.segment, ref.securityId])
      : await loadInstruments(this.pool, 'exchange = $1 AND symbol = $2', [ref.exchange, ref.symbol]);
    if (!rows[0])
      throw new BrokerError(
        'rejected',
        `instrument ${ref.exchange}:${ref.symbol} (${ref.segment}${ref.securityId ? ` #${ref.securityId}` : ''}) is not listed`,
        {
          instrument: ref,
        },
      );
    return this.keep(rows[0]);
  }

  async byId(id: number): Promise<PaperInstrument | undefined> {
    const hit = this.byIdMap.get(id);
    if (hit) return hit;
    const rows = await loadInstruments(this.pool, 'id = $1', [id]);
    return rows[0] ? this.keep(rows[0]) : undefined;
  }

  async byIds(ids: readonly number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.byIdMap.has(id));
    if (missing.length)
      for (const i of await loadInstruments(this.pool, 'id = ANY($1)', [missing])) this.keep(i);
  }

  cached(id: number): PaperInstrument | undefined {
    return this.byIdMap.get(id);
  }
}
