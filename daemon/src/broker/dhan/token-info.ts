// What can be read from a Dhan access token without verifying it: it is a JWT whose payload
// carries `exp` (epoch seconds) and `dhanClientId`. Used to show and act on the 24 h expiry;
// the token itself is never logged or returned by the API.

function payload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return json && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Expiry of a JWT access token, epoch ms; undefined when the token does not say. */
export function tokenExpiry(token: string): number | undefined {
  const exp = payload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
}

/** The client id a token was issued for, when it says (to catch a token pasted for the wrong account). */
export function tokenClientId(token: string): string | undefined {
  const id = payload(token)?.dhanClientId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
