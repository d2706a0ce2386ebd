// What `quanttrade start` tells its operator once it listens: the URL and, on the first start,
// the admin account created with its one-time password. The password must be readable wherever
// the daemon's output goes (a terminal, `docker logs`, the journal), but never as a plain-text
// line inside a stream of JSON log records: log shippers would mangle it or drop it. So with JSON
// logs it is one JSON record of its own, shaped like the log's lines; with readable logs, a
// block of text. It is written here rather than through the logger, whose redaction would hide
// the password and whose ring of recent errors must never hold it.

export interface Announcement {
  url: string;
  version: string;
  firstAdmin?: { email: string; password: string };
}

export interface AnnouncementFormat {
  /** The logs are JSON lines (QUANTTRADE_LOG_FORMAT json, or auto off a terminal). */
  json: boolean;
  /** For the JSON record's `time` (epoch ms) and `pid`, as pino writes them. */
  now: number;
  pid: number;
}

const ONCE = 'This password is shown only once';

/** The text to write to stdout (ending in a newline), or '' when there is nothing to say. */
export function formatAnnouncement(a: Announcement, format: AnnouncementFormat): string {
  if (format.json) {
    // The URL is in the "daemon ready" log record already.
    if (!a.firstAdmin) return '';
    const record = {
      level: 30,
      time: format.now,
      pid: format.pid,
      event: 'first_admin',
      msg: `First start: an admin account was created. Sign in at ${a.url}. ${ONCE}; add users with quanttrade user add, reset it with quanttrade user reset-password.`,
      url: a.url,
      email: a.firstAdmin.email,
      password: a.firstAdmin.password,
    };
    return `${JSON.stringify(record)}\n`;
  }
  const lines = [`QuantTrade ${a.version} is running: ${a.url}`];
  if (a.firstAdmin)
    lines.push(
      '',
      'First start: an admin account was created. Sign in at the URL above with',
      `  email:    ${a.firstAdmin.email}`,
      `  password: ${a.firstAdmin.password}`,
      `${ONCE}. Add users with \`quanttrade user add --email E --role R\`;`,
      'a lost password is reset with `quanttrade user reset-password --email E`.',
    );
  return `${lines.join('\n')}\n`;
}
