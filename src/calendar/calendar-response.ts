/** An iCalendar body as a response; `inline` so browsers offer to open it in a calendar. */
export function calendarResponse(body: string): Response {
  return new Response(body, {
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="maintenance.ics"' },
  });
}
