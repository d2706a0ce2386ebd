import { describe, expect, it } from 'vitest';
import { expiryText } from './token-expiry';

describe('token expiry', () => {
  it('counts down and grades: under an hour warns, expired is bad', () => {
    expect(expiryText(20 * 3600 + 5 * 60)).toEqual({ text: 'in 20 h 5 min', level: 'ok' });
    expect(expiryText(3 * 86400 + 7200)).toEqual({ text: 'in 3 d 2 h', level: 'ok' });
    expect(expiryText(3600)).toEqual({ text: 'in 1 h 0 min', level: 'warn' });
    expect(expiryText(125)).toEqual({ text: 'in 2 min 5 s', level: 'warn' });
    expect(expiryText(0)).toEqual({ text: 'expired 0 s ago', level: 'bad' });
    expect(expiryText(-180)).toEqual({ text: 'expired 3 min 0 s ago', level: 'bad' });
    expect(expiryText(null)).toEqual({ text: 'no expiry known', level: 'unknown' });
  });
});
