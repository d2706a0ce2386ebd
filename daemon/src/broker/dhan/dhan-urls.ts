// Dhan's production endpoints (dhan-api.md §1); every one can be pointed elsewhere (Dhan's
// sandbox, `quanttrade dev dhan-fake`) through the daemon options. A file of constants only, so
// the configuration can name the defaults without loading the client.

/** REST API, v2. */
export const DHAN_REST_URL = 'https://api.dhan.co/v2';
/** Live market feed (binary WebSocket). */
export const DHAN_FEED_URL = 'wss://api-feed.dhan.co';
/** Live order updates (JSON WebSocket). */
export const DHAN_ORDER_UPDATE_URL = 'wss://api-order-update.dhan.co';
