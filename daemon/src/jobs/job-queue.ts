// How the rest of the daemon enqueues work. `enqueue` sends the job and then announces it on the
// event bus ('jobs.enqueued'): the local runner wakes its idle workers at once (pg-boss
// notifyWorker), and so does every other daemon through PostgreSQL NOTIFY — submit-to-start is
// a few milliseconds instead of a polling interval.
import type PgBoss from 'pg-boss';
import { AppError } from '../core/errors';
import type { EventBus } from '../events/event-bus';
import type { Boss } from './boss';
import type { QueueName } from './queues';

export type EnqueueOptions = Pick<PgBoss.SendOptions, 'id' | 'priority' | 'startAfter' | 'singletonKey'>;

export interface JobQueue {
  /** Sends a job and wakes workers. Returns the job id. */
  enqueue(queue: QueueName, data: object, options?: EnqueueOptions): Promise<string>;
  /** Cancels a queued or active job (an active handler sees its signal aborted within ~1 s). */
  cancel(queue: QueueName, jobId: string): Promise<void>;
  /** The job's state in pg-boss, or undefined when it is unknown. */
  state(queue: QueueName, jobId: string): Promise<string | undefined>;
  /** pg-boss itself, for what this seam does not cover. */
  readonly boss: Boss;
}

export function createJobQueue(boss: Boss, bus: EventBus): JobQueue {
  return {
    boss,
    async enqueue(queue, data, options = {}) {
      const id = await boss.send(queue, data, options);
      if (!id) {
        // pg-boss returns null when a policy (stately, singletonKey) refused the job.
        throw new AppError('CONFLICT', `a ${queue} job is already queued`, { queue });
      }
      await bus.publish('jobs.enqueued', { queue });
      return id;
    },
    async cancel(queue, jobId) {
      await boss.cancel(queue, jobId);
      await bus.publish('jobs.cancelled', { queue, jobId });
    },
    async state(queue, jobId) {
      const job = await boss.getJobById(queue, jobId, { includeArchive: true });
      return job?.state;
    },
  };
}
