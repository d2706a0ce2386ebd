/**
 * Polls `read` until `ok` holds or the deadline passes, and returns the last value read (the
 * caller's assertion then shows what it was). Errors thrown by `read` count as "not yet".
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let failed = false;
    try {
      value = await read();
    } catch {
      failed = true;
    }
    if (!failed && ok(value as T)) return value as T;
    if (Date.now() > deadline) {
      if (failed) return read();
      return value as T;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
