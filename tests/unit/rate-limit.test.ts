import { describe, expect, it } from 'vitest';
import { decideThrottle, type ThrottleFacts } from '../../src/auth/rate-limit.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const ago = (seconds: number): Date => new Date(NOW.getTime() - seconds * 1000);
const times = (count: number, secondsAgo: number): Date[] => Array.from({ length: count }, () => ago(secondsAgo));
const none: ThrottleFacts = { pairGuesses: [], accountGuesses: [], ipGuesses: [], knownAddress: false, lastCheckedAt: null };

describe('decideThrottle', () => {
  it('lets five guesses from one address through, then makes it wait 1, 2, 4 … 60 minutes', () => {
    expect(decideThrottle({ ...none, pairGuesses: times(4, 0) }, NOW).allowed).toBe(true);
    for (const [guesses, minutes] of [[5, 1], [6, 2], [7, 4], [10, 32], [11, 60], [30, 60]] as const) {
      const decision = decideThrottle({ ...none, pairGuesses: times(guesses, 0), accountGuesses: times(Math.min(guesses, 9), 0) }, NOW);
      expect(decision).toEqual({ allowed: false, retryAt: new Date(NOW.getTime() + minutes * 60_000), ceilingReached: false });
    }
    expect(decideThrottle({ ...none, pairGuesses: times(6, 121) }, NOW).allowed).toBe(true);
  });

  it('past the account ceiling: known addresses pass, guessing ones wait the window, fresh ones one a minute', () => {
    const ceiling = { ...none, accountGuesses: times(10, 30), lastCheckedAt: ago(30) };
    expect(decideThrottle({ ...ceiling, knownAddress: true }, NOW)).toEqual({ allowed: true, ceilingReached: true });
    expect(decideThrottle({ ...ceiling, pairGuesses: [ago(30)] }, NOW)).toEqual({ allowed: false, retryAt: new Date(NOW.getTime() + (15 * 60 - 30) * 1000), ceilingReached: true });
    expect(decideThrottle(ceiling, NOW)).toEqual({ allowed: false, retryAt: new Date(NOW.getTime() + 30_000), ceilingReached: true });
    expect(decideThrottle({ ...ceiling, lastCheckedAt: ago(61) }, NOW)).toEqual({ allowed: true, ceilingReached: true });
  });

  it('limits one address across accounts to 20 guesses in 15 minutes', () => {
    expect(decideThrottle({ ...none, ipGuesses: times(19, 10) }, NOW).allowed).toBe(true);
    expect(decideThrottle({ ...none, ipGuesses: times(20, 60) }, NOW)).toEqual({ allowed: false, retryAt: new Date(NOW.getTime() + 14 * 60_000), ceilingReached: false });
  });
});
