// The notifications domain: channels (webhook, Telegram), the delivery log that is also the
// outbox, the notifier (bus events → messages) and the dispatcher (messages → channels).
export { KIND_IDS, NOTIFICATION_KINDS } from './event-catalogue';
export { startNotifier, type Notifier } from './notifier';
export { startDispatcher, type Dispatcher } from './dispatcher';
export type { SenderDeps } from './channel-sender';
export { listChannels, type ChannelRow } from './channel-store';
export { listDeliveries, countPending } from './delivery-store';
export {
  changeChannel,
  createChannel,
  removeChannel,
  sendTest,
  type Caller,
  type NewChannel,
} from './channel-service';
export type { NotificationsRuntime } from './notifications-runtime';
