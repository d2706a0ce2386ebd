// The notifications domain's own bus event: messages were queued, so dispatchers (on worker
// daemons) look at once instead of at their next poll.
declare module '../events/event-map' {
  interface EventMap {
    'notifications.queued': { count: number };
  }
}

export {};
