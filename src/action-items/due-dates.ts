import { Temporal } from 'temporal-polyfill';
import type { ActionItemStatus } from '../domain/learning.ts';
import type { TimeZone } from '../time/time-zone.ts';

/*
 * Due dates are calendar days ('YYYY-MM-DD'), read in the status page's time zone:
 * an item due on 30 November is overdue from 1 December, 00:00 where the team is,
 * not at midnight UTC. Pure.
 */

/** Today's date in `zone` at `now`. */
export function todayInZone(now: Date, zone: TimeZone): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate().toString();
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;
}

/** Whether an item is overdue: still to do, and its due date is before today. */
export function isOverdue(item: { status: ActionItemStatus; dueOn: string | null }, today: string): boolean {
  return (item.status === 'open' || item.status === 'in_progress') && item.dueOn !== null && item.dueOn < today;
}

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/**
 * The due date in words for lists: "Overdue by 3 days", "Due today", "Due in 2 days",
 * or for a closed item just its due date. Words, so the state never rests on colour.
 */
export function describeDue(item: { status: ActionItemStatus; dueOn: string | null }, today: string): string {
  if (item.dueOn === null) return 'No due date';
  if (item.status === 'done' || item.status === 'wont_do') return `Was due ${formatDay(item.dueOn)}`;
  const diff = daysBetween(today, item.dueOn);
  if (diff < 0) return `Overdue by ${days(-diff)}`;
  if (diff === 0) return 'Due today';
  if (diff === 1) return 'Due tomorrow';
  return `Due in ${days(diff)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 30, 2026" for '2026-11-30'. */
export function formatDay(day: string): string {
  const date = Temporal.PlainDate.from(day);
  return `${MONTHS[date.month - 1]} ${date.day}, ${date.year}`;
}

/** Whether `value` is a real calendar date written 'YYYY-MM-DD' (no 30 February). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}
