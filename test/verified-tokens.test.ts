/** Tokens verified lately (src/auth/verified-tokens.ts): remembered until they expire or a minute passes, bounded. */
import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../src/auth/verified-tokens';
import { Role } from '../src/domain/enums';

const identity = (subject: string) => ({ subject, role: Role.CST_OFFICER, staffId: subject, providerId: null });
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

describe('tokens verified lately', () => {
  it.each([
    ['at once', 0, 3600, true],
    ['59 s later', 59_000, 3600, true],
    ['a minute later (checked again)', 60_000, 3600, false],
    ['once the token has expired, though within the minute', 30_000, 20, false],
    ['just before the token expires', 19_999, 20, true],
  ])('%s: remembered = %s', (_, after, lifetimeSeconds, remembered) => {
    let now = T0;
    const recent = new VerifiedTokens(() => now);
    recent.remember('a.b.c', identity('s1'), T0 / 1000 + lifetimeSeconds);
    now = T0 + after;
    expect(recent.get('a.b.c')).toEqual(remembered ? identity('s1') : null);
  });

  it('knows only the exact token, and forgets the oldest beyond its bound', () => {
    const recent = new VerifiedTokens(() => T0, 2);
    recent.remember('t1', identity('s1'), T0 / 1000 + 600);
    expect(recent.get('t1x')).toBeNull();
    recent.remember('t2', identity('s2'), T0 / 1000 + 600);
    recent.remember('t3', identity('s3'), T0 / 1000 + 600);
    expect([recent.get('t1'), recent.get('t2'), recent.get('t3')]).toEqual([null, identity('s2'), identity('s3')]);
  });
});
