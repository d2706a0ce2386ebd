// What is sent for one delivery: the webhook's JSON document and Telegram's text, built from the
// stored row (and, for a digest, the messages it holds). docs/notifications.md shows both.

export interface Outgoing {
  deliveryId: number;
  kind: string;
  eventType: string | null;
  title: string;
  text: string;
  payload: Record<string, unknown>;
  createdAt: string;
  attempt: number;
  /** A digest's messages. */
  items?: { kind: string; title: string; body: string; createdAt: string }[];
}

/** Titles listed in a digest's text; the webhook document carries all of them. */
const DIGEST_LINES = 10;

export function digestText(
  items: { kind: string; title: string; body: string }[],
  labels: ReadonlyMap<string, string>,
  ratePerMinute: number,
): { title: string; text: string } {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const byKind = [...counts].map(([k, n]) => `${n} × ${labels.get(k) ?? k}`).join(', ');
  const lines = items.slice(0, DIGEST_LINES).map((i) => {
    const line = `• ${i.title}: ${i.body}`;
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  });
  if (items.length > DIGEST_LINES) lines.push(`… and ${items.length - DIGEST_LINES} more`);
  return {
    title: `Digest: ${items.length} notification${items.length === 1 ? '' : 's'} (${byKind})`,
    text: `More than ${ratePerMinute} notifications a minute, so these were held back and sent together:\n${lines.join('\n')}`,
  };
}

export function webhookDocument(m: Outgoing): object {
  return {
    id: m.deliveryId,
    kind: m.kind,
    event: m.eventType,
    title: m.title,
    text: m.text,
    createdAt: m.createdAt,
    attempt: m.attempt,
    payload: m.payload,
    ...(m.items ? { items: m.items } : {}),
  };
}

export function telegramText(m: Outgoing): string {
  return `${m.title}\n\n${m.text}`;
}
