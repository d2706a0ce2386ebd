// Where the market-data and broker clients connect unless told otherwise. The defaults of the
// options QUANTTRADE_YAHOO_BASE_URL and QUANTTRADE_DHAN_BASE_URL (options.ts), and of the clients
// themselves when called without a base URL (tests, `data fetch`). They live in config, not in the
// clients' folder, because config is read by every domain and must not depend on any of them.

/** Dhan's REST API, v2 (historical candles today; orders and positions for the broker link). */
export const DHAN_BASE_URL = 'https://api.dhan.co/v2';

/** Yahoo Finance's public chart API (unofficial; ../shared/reference/india-market.md §4). */
export const YAHOO_BASE_URL = 'https://query1.finance.yahoo.com';

/** Telegram's Bot API, for notification channels (docs/notifications.md). */
export const TELEGRAM_BASE_URL = 'https://api.telegram.org';
