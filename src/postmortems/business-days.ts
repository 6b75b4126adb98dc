/**
 * Adds business days (Monday to Friday) to an instant, keeping its time of day.
 * Days are counted on the UTC calendar, so the answer never depends on where the
 * server runs. Public holidays are not known to Herald: a team that wants them
 * moves the due date by hand in the editor.
 */
export function addBusinessDays(from: Date, days: number): Date {
  const at = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return at;
}
