/**
 * "Now", injected. Every function that depends on the current time takes a clock
 * (or a `now` value) instead of calling `new Date()`, so tests fix time and month
 * ends, year ends and DST changes can be checked on any day.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that starts at `start` and runs forward in real time. `HERALD_CLOCK_START`
 * gives one to a whole process, so a browser test can run the server on a chosen
 * day (a month's last day, say) and get the same page whatever today is.
 */
export function clockStartingAt(start: Date, real: () => number = () => performance.now()): Clock {
  const origin = real();
  return () => new Date(start.getTime() + (real() - origin));
}
