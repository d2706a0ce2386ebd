// The tick → bar pipeline for 5,000 subscribed instruments (one Dhan feed connection's maximum):
// binary quote packets, as Dhan sends them in frames, parsed (parseFeedFrame), applied to each
// instrument's Tick (applyPacket), and aggregated into 1m and 5m bars (BarAggregator), the clock
// advanced once per simulated second as the runner's timer does. Measured: ticks per second of
// wall time through the whole pipeline, on one core. Baseline, in the same run: the same frames
// through parse + Tick update only, so the ratio is what aggregation costs. Dhan documents no
// peak packet rate; the target assumes every one of the 5,000 instruments changing 10 times a
// second (50,000 ticks/s), well above what NSE cash instruments do outside the opening minutes.
import { FeedPacket, parseFeedFrame } from '../../daemon/src/broker/dhan/feed-packets';
import {
  applyPacket,
  instrumentKey,
  newInstrumentState,
  type InstrumentState,
} from '../../daemon/src/broker/dhan/feed-ticks';
import { quotePacket } from '../../daemon/src/dev/dhan-fake/feed-encoder';
import { BarAggregator } from '../../daemon/src/trading/bar-aggregator';
import { emit } from './emit';

const INSTRUMENTS = 5000;
const UPDATES_PER_SECOND = 10; // per instrument (the assumed peak)
const PER_FRAME = 40;
const SECONDS = 60; // simulated market time per measured run
const PEAK = INSTRUMENTS * UPDATES_PER_SECOND;
// Monday 6 January 2025, 09:15 IST (03:45 UTC), in epoch seconds: the session's first second.
const OPEN = 1736135100;

/** One simulated second of the feed: every instrument UPDATES_PER_SECOND times, in frames. */
function buildSecond(): Buffer[] {
  const frames: Buffer[] = [];
  let packets: Buffer[] = [];
  for (let u = 0; u < UPDATES_PER_SECOND; u++)
    for (let i = 0; i < INSTRUMENTS; i++) {
      const ltp = 100 + ((i * 7 + u * 13) % 997) * 0.05;
      packets.push(
        quotePacket(1, 1000 + i, {
          ltp,
          ltq: 1 + (u % 5),
          ltt: 0, // seconds into the simulated second's minute: set through lttMs below
          atp: ltp,
          volume: 0,
          totalSellQty: 10,
          totalBuyQty: 12,
          open: 100,
          close: 0,
          high: 150,
          low: 90,
        }),
      );
      if (packets.length === PER_FRAME) {
        frames.push(Buffer.concat(packets));
        packets = [];
      }
    }
  if (packets.length) frames.push(Buffer.concat(packets));
  return frames;
}

function instrumentStates(): Map<number, InstrumentState> {
  const states = new Map<number, InstrumentState>();
  for (let i = 0; i < INSTRUMENTS; i++) {
    const key = instrumentKey(1, 1000 + i);
    states.set(
      key,
      newInstrumentState(
        { symbol: `S${i}`, segment: 'NSE_EQ', securityId: String(1000 + i), mode: 'quote' },
        key,
        0,
        0,
      ),
    );
  }
  return states;
}

function run(
  frames: Buffer[],
  aggregate: boolean,
  seconds = SECONDS,
): { ticksPerSecond: number; bars: number; ticks: number } {
  const states = instrumentStates();
  const aggregator = new BarAggregator({ timeframes: ['1m', '5m'] });
  const packet = new FeedPacket();
  let second = 0;
  // The packets carry LTT 0: the simulated clock supplies the second (no bytes rewritten).
  const lttMs = () => (OPEN + second) * 1000;
  let ticks = 0;
  let bars = 0;
  let checksum = 0;
  const sink = (p: FeedPacket) => {
    const s = states.get(instrumentKey(p.segmentCode, p.securityId));
    if (!s || !applyPacket(s, p, (OPEN + second) * 1000, lttMs)) return;
    ticks++;
    if (aggregate) aggregator.onTick(s.tick);
    else checksum += s.tick.lastPrice;
  };
  const t0 = performance.now();
  for (second = 0; second < seconds; second++) {
    for (const f of frames) parseFeedFrame(f, packet, sink);
    if (aggregate) bars += aggregator.advance((OPEN + second + 1) * 1000).length;
  }
  const ms = performance.now() - t0;
  if (checksum < 0) process.stderr.write('impossible\n');
  return { ticksPerSecond: (ticks / ms) * 1000, bars, ticks };
}

const frames = buildSecond();
run(frames, true, 5); // warm-up
run(frames, false, 5);
const baseline = run(frames, false);
const pipeline = run(frames, true);
const expectedBars = INSTRUMENTS * Math.floor(SECONDS / 60) + INSTRUMENTS * Math.floor(SECONDS / 300);
emit({
  bench: 'trading.tick-bar-pipeline',
  metric: 'ticksPerSecond',
  value: Math.round(pipeline.ticksPerSecond),
  unit: 'ticks/s',
  baseline: { name: 'parse + tick update, no aggregation', value: Math.round(baseline.ticksPerSecond) },
  ratio: pipeline.ticksPerSecond / baseline.ticksPerSecond,
  target: `>= ${PEAK} (5,000 instruments × ${UPDATES_PER_SECOND} updates/s)`,
  meetsTarget: pipeline.ticksPerSecond >= PEAK,
  notes: `${pipeline.ticks} ticks over ${SECONDS} simulated seconds (quote packets, ${PER_FRAME} per frame) into 1m and 5m bars: ${pipeline.bars} bars emitted (expected ${expectedBars}); headroom over the assumed peak ${(pipeline.ticksPerSecond / PEAK).toFixed(1)}×`,
});
