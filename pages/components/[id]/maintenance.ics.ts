import type { APIRoute } from 'astro';
import { buildCalendar } from '../../../src/calendar/ical.ts';
import { calendarResponse } from '../../../src/calendar/calendar-response.ts';
import { findComponent } from '../../../src/status/component-view.ts';
import { notFoundText } from '../../../src/status/not-found.ts';

export const GET: APIRoute = ({ locals, params }) => {
  const component = findComponent(locals.snapshot, params.id ?? '');
  if (component === null) return notFoundText('No such component.');
  return calendarResponse(buildCalendar(locals.snapshot, { componentId: component.id }));
};
