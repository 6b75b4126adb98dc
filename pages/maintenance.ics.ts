import type { APIRoute } from 'astro';
import { buildCalendar } from '../src/calendar/ical.ts';
import { calendarResponse } from '../src/calendar/calendar-response.ts';

export const GET: APIRoute = ({ locals }) => calendarResponse(buildCalendar(locals.snapshot));
