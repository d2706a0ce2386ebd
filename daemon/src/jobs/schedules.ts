// Periodic jobs, run by pg-boss' distributed cron on daemons with the `scheduler` role (one
// instance fires per tick however many schedulers run). Times are India time.
//   e.g. { queue: 'trading.reconcile', cron: '*/5 9-15 * * 1-5', data: {} }
import type { QueueName } from './queues';

export interface ScheduleEntry {
  queue: QueueName;
  cron: string;
  data?: object;
}

export const SCHEDULE_TIMEZONE = 'Asia/Kolkata';

export const schedules: ScheduleEntry[] = [
  // Portfolio risk every minute of the session hours; the handler skips holidays and the minutes
  // outside 09:15–15:30 (risk-control/risk-scan-handler.ts).
  { queue: 'risk.scan', cron: '* 9-15 * * 1-5' },
];
