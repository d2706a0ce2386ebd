// Where the market-data and broker clients connect unless told otherwise. The defaults of the
// options QUANTTRADE_YAHOO_BASE_URL, QUANTTRADE_DHAN_BASE_URL, QUANTTRADE_DHAN_FEED_URL and
// QUANTTRADE_DHAN_ORDER_UPDATE_URL (options.ts, broker-options.ts), and of the clients
// themselves when called without a base URL (tests, `data fetch`). They live in config, not in the
// clients' folder, because config is read by every domain and must not depend on any of them.

/** Dhan's REST API, v2 (historical candles, orders, positions: the broker link). */
export const DHAN_BASE_URL = 'https://api.dhan.co/v2';

/** Dhan's live market feed (binary WebSocket; the link adds version, token and client id). */
export const DHAN_FEED_URL = 'wss://api-feed.dhan.co';

/** Dhan's live order-update WebSocket. */
export const DHAN_ORDER_UPDATE_URL = 'wss://api-order-update.dhan.co';

/** Yahoo Finance's public chart API (unofficial; ../shared/reference/india-market.md §4). */
export const YAHOO_BASE_URL = 'https://query1.finance.yahoo.com';

/** Telegram's Bot API, for notification channels (docs/notifications.md). */
export const TELEGRAM_BASE_URL = 'https://api.telegram.org';
