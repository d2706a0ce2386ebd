// Keeps a deployment's lease alive: renews it every ttl/3 and knows, from its own clock, until
// when the lease certainly still holds. The deadline is measured from the moment a renewal was
// *sent* (the database computed expires_at later than that), so the local view never outlives
// the stored one. When the deadline passes without a renewal (database unreachable) or a renewal
// finds the token superseded, the keeper reports the loss once and stops; `fence()` throws
// LEASE_LOST from then on, so nothing is written or sent under a lease that may have passed on.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import type { Pool } from '../../db/pool';
import type { TradingMetrics } from '../../metrics/trading-metrics';
import { acquireLease, releaseLease, renewLease, type Fence, type Lease } from './lease-store';

export interface LeaseKeeperOptions {
  pool: Pool;
  deploymentId: number;
  holder: string;
  ttlMs?: number;
  /** Renewal period; ttl/3 by default, so two renewals may fail before the lease lapses. */
  renewEveryMs?: number;
  log: Logger;
  /** Called once when the lease is lost (superseded, or not renewed in time). */
  onLost?: (reason: string) => void;
  /** Monotonic milliseconds; performance.now by default. */
  now?: () => number;
  metrics?: TradingMetrics;
}

export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private deadline: number;
  private lost: string | undefined;
  private stopped = false;
  private renewing: Promise<void> | undefined;

  private constructor(
    private current: Lease,
    sentAt: number,
    private readonly options: LeaseKeeperOptions & { now: () => number },
  ) {
    this.deadline = sentAt + current.ttlMs;
    this.schedule();
  }

  /** Acquires the lease and starts renewing it; undefined while another daemon holds it. */
  static async acquire(options: LeaseKeeperOptions): Promise<LeaseKeeper | undefined> {
    const now = options.now ?? (() => performance.now());
    const sentAt = now();
    const lease = await acquireLease(options.pool, options);
    if (!lease) return undefined;
    options.log.info({ deploymentId: lease.deploymentId, token: lease.token }, 'lease acquired');
    options.metrics?.leaseEvents.inc({ event: 'acquired' });
    return new LeaseKeeper(lease, sentAt, { ...options, now });
  }

  get lease(): Lease {
    return this.current;
  }

  /** Whether the lease certainly still holds by the local clock (and was not lost or released). */
  isHeld(): boolean {
    return this.lost === undefined && !this.stopped && this.options.now() < this.deadline;
  }

  /** The fence for an order write; LEASE_LOST when the lease may no longer hold. */
  fence(): Fence {
    if (!this.isHeld()) {
      this.markLost(this.lost ?? 'the lease was not renewed in time');
      throw new AppError(
        'LEASE_LOST',
        `deployment ${this.current.deploymentId}: lease lost (${this.lost ?? 'released'}); not writing`,
        { deploymentId: this.current.deploymentId, token: this.current.token },
      );
    }
    return { deploymentId: this.current.deploymentId, token: this.current.token };
  }

  /** Renews now (also done on a timer); resolves when the attempt is over. */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    if (this.stopped || this.lost) return;
    const sentAt = this.options.now();
    try {
      const renewed = await renewLease(this.options.pool, this.current);
      if (!renewed) return this.markLost('another daemon holds the lease now, or it expired');
      this.current = renewed;
      this.deadline = sentAt + renewed.ttlMs;
    } catch (err) {
      this.options.log.warn(
        { err: (err as Error).message, deploymentId: this.current.deploymentId },
        'lease renewal failed',
      );
      if (this.options.now() >= this.deadline)
        this.markLost('the database was unreachable until the lease lapsed');
    }
  }

  private schedule(): void {
    if (this.stopped || this.lost) return;
    const every = this.options.renewEveryMs ?? Math.max(50, Math.floor(this.current.ttlMs / 3));
    // Wake at the deadline too, so a loss is reported on time even while a renewal hangs.
    const wait = Math.max(1, Math.min(every, this.deadline - this.options.now()));
    this.timer = setTimeout(() => {
      if (this.options.now() >= this.deadline) this.markLost('the lease was not renewed in time');
      void this.renew().finally(() => this.schedule());
    }, wait);
    this.timer.unref?.();
  }

  private markLost(reason: string): void {
    if (this.lost !== undefined || this.stopped) return;
    this.lost = reason;
    clearTimeout(this.timer);
    this.options.log.warn(
      { deploymentId: this.current.deploymentId, token: this.current.token, reason },
      'lease lost',
    );
    this.options.onLost?.(reason);
  }

  /** Stops renewing and releases the lease (so another daemon may take it at once). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const held = this.isHeld();
    this.stopped = true;
    clearTimeout(this.timer);
    await this.renewing?.catch(() => undefined);
    if (held) await releaseLease(this.options.pool, this.current).catch(() => false);
  }
}
