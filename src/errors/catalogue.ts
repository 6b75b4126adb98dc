/**
 * Herald's error catalogue, after Astro core's errors-data.ts: every error a person
 * reads (a form's `_form` message, and in time the API's and the CLI's) is named
 * here once, with a title, the message shown and a hint on what to do. Code refers
 * to an entry by name (`ERRORS.UpdateGone`), so one wording is used everywhere and
 * changing it is a one-line change.
 *
 * - `title`: a few words, for logs, API `error` fields and page headings.
 * - `message`: the sentence shown to the person, next to the form.
 * - `hint`: why it happens and what fixes it (for operators and the README).
 */
export interface ErrorData {
  name: string;
  title: string;
  /** The sentence shown; a function when it names something (a wait, a field). */
  message: string | ((...params: never[]) => string);
  hint: string;
}

export type MessageParams<E extends ErrorData> = E['message'] extends (...params: infer P) => string ? P : [];

type Catalogue<T> = { readonly [K in keyof T]: Readonly<T[K]> & { readonly name: K } };

const define = <const T extends Record<string, Omit<ErrorData, 'name'>>>(entries: T): Catalogue<T> =>
  Object.freeze(Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, Object.freeze({ name, ...data })]))) as Catalogue<T>;

export const ERRORS = define({
  // Accounts and sessions
  SignInThrottled: {
    title: 'Too many sign-in attempts',
    message: (wait: string): string => `Too many sign-in attempts. Try again in ${wait}.`,
    hint: 'Failed sign-ins are limited per account and per address (src/auth/rate-limit.ts); wait, or an admin resets the password.',
  },
  AccountUnavailable: {
    title: 'Account not available',
    message: 'Your account is not available. Sign in again.',
    hint: 'The account was disabled or removed while this session was open; an admin can enable it again.',
  },
  UserGone: {
    title: 'User not found',
    message: 'This user no longer exists.',
    hint: 'Someone removed the user while the page was open; reload the user list.',
  },
  InviteNotPending: {
    title: 'No pending invitation',
    message: 'This person has no pending invitation: they already accepted it, or their account was made without one.',
    hint: 'Resend and Revoke act only on invitations not yet accepted; to stop an account that is in use, disable it on its page.',
  },
  SessionAlreadyEnded: {
    title: 'Session already ended',
    message: 'That session had already ended.',
    hint: 'It expired or was signed out elsewhere; nothing more to do.',
  },
  ApiTokenNotFound: {
    title: 'No such token',
    message: 'There is no API token with that id or prefix.',
    hint: 'Give the prefix shown by /admin/tokens or `herald token list` (hrld_xxxxxxxx).',
  },
  ApiTokenAlreadyRevoked: {
    title: 'Token already revoked',
    message: (name: string): string => `The token “${name}” was already revoked.`,
    hint: 'Nothing more to do: it no longer works.',
  },
  SignInAgain: {
    title: 'Sign-in needed',
    message: 'Sign in again to do this.',
    hint: 'The request did not carry a valid session; sign in and try again.',
  },
  // Incident updates
  UpdateGone: {
    title: 'Update not found',
    message: 'This update does not exist any more: reload the page',
    hint: 'The update was removed or belongs to another incident; reload the incident page.',
  },
  UpdateAlreadyPublishedCancel: {
    title: 'Update already published',
    message: 'This update is already published: it can no longer be cancelled',
    hint: 'Published updates stay in the history; post a correction as a new update.',
  },
  UpdateAlreadyCancelled: {
    title: 'Update already cancelled',
    message: 'This update is already cancelled',
    hint: 'Someone cancelled it first; nothing more to do.',
  },
  UpdateAlreadyPublishedEdit: {
    title: 'Update already published',
    message: 'This update is already published and can no longer be changed: write a new update instead',
    hint: 'Subscribers may have been emailed the published text, so it is never rewritten.',
  },
  UpdateCancelledEdit: {
    title: 'Update cancelled',
    message: 'This update was cancelled and can no longer be changed: write a new update instead',
    hint: 'Cancelled updates are kept in the history as they were.',
  },
  IncidentAlreadyResolved: {
    title: 'Incident already resolved',
    message: 'This incident is already resolved',
    hint: 'Someone resolved it first; post a new update to reopen it.',
  },
  IncidentAlreadyMitigated: {
    title: 'Incident already mitigated',
    message: 'This incident is already marked mitigated: correct the time under “Edit milestones” if it is wrong',
    hint: 'Mitigated keeps the first time the impact stopped; a second "Mark mitigated" changes nothing.',
  },
  // Maintenance
  MaintenanceGone: {
    title: 'Maintenance not found',
    message: 'This maintenance no longer exists.',
    hint: 'Someone removed it while the page was open; reload the maintenance list.',
  },
  MaintenanceNotStarted: {
    title: 'Maintenance not started',
    message: 'This maintenance has not started yet: start it first.',
    hint: 'A maintenance is completed from in progress or verifying.',
  },
  MaintenanceAlreadyCompleted: {
    title: 'Maintenance already completed',
    message: 'This maintenance is already completed.',
    hint: 'It was completed by hand or at the end of its window.',
  },
  MaintenanceAlreadyStarted: {
    title: 'Maintenance already started',
    message: 'This maintenance has already started.',
    hint: 'It was started by hand or at the start of its window.',
  },
  MaintenanceNotEditable: {
    title: 'Maintenance no longer editable',
    message: 'This maintenance has already started, completed or been cancelled: its window can no longer change.',
    hint: 'Only a scheduled window is edited or cancelled; post an update to one in progress instead.',
  },
  MaintenanceAlreadyCancelled: {
    title: 'Maintenance cancelled',
    message: 'This maintenance was cancelled.',
    hint: 'Someone cancelled it while the page was open; reload it.',
  },
  MaintenanceActionMissing: {
    title: 'No action chosen',
    message: 'Choose to start or complete the maintenance.',
    hint: 'The form was sent without one of its buttons (an old page or a script).',
  },
  // Forms in general
  TemplateNotChosen: {
    title: 'No template chosen',
    message: 'Choose a template first',
    hint: '"Use template" was pressed with "Choose a template…" still selected.',
  },
  ActionFailed: {
    title: 'Action failed',
    message: 'That did not work. Reload the page and try again.',
    hint: 'The row changed or disappeared while the page was open; a reload shows it as it is now.',
  },
  // Requests refused before a page runs (src/http/request-guard.ts, middleware.ts)
  PageNotFound: {
    title: 'Page not found',
    message: 'There is no page at this address. Check the link, or start from the status page.',
    hint: 'The path names nothing Herald serves (or holds a NUL byte, which no path can).',
  },
  RequestTooLarge: {
    title: 'Too much data',
    message: (limitMb: number): string => `This request sends more than ${limitMb} MB, the most Herald accepts here. Send less (for an import, split the file).`,
    hint: 'Bodies are limited before they are read: forms and JSON 1 MB, uploads 5 MB (request-guard.ts).',
  },
  RequestHasNul: {
    title: 'Unreadable request',
    message: 'The request contains a NUL character (byte 0), which no field can hold. Remove it and try again.',
    hint: 'PostgreSQL cannot store byte 0 in text; such input usually comes from a script or a copy-paste from a binary file.',
  },
  FormUnreadable: {
    title: 'Unreadable form',
    message: 'The form data could not be read (a broken multipart body). Reload the page and send the form again.',
    hint: 'The multipart body was cut off or malformed, usually by a client or proxy.',
  },
  NotAForm: {
    title: 'Not a form',
    message: (received: string): string =>
      `This address takes an HTML form (application/x-www-form-urlencoded or multipart/form-data), not ${received}. Send the form from its page.`,
    hint: 'Admin and subscription routes take forms; the JSON API lives under /api/.',
  },
  CrossSiteRequest: {
    title: 'Request refused',
    message: 'This form was sent from another site, so Herald did not act on it. Reload the page and try again.',
    hint: 'Every state change must come from PUBLIC_URL or the listen address (Origin check); behind a proxy, set PUBLIC_URL to the public address.',
  },
  NotAllowed: {
    title: 'Not allowed',
    message: (reason: string): string => reason,
    hint: 'The signed-in role may not do this (src/auth/permissions.ts); an admin can change the role.',
  },
  DatabaseUnavailable: {
    title: 'Temporarily unavailable',
    message: 'Herald cannot reach its database right now, so nothing was changed. Please try again in a minute.',
    hint: 'PostgreSQL (DATABASE_URL) does not answer; /readyz says 503 until it does. The public page keeps serving its last snapshot.',
  },
  PageTemporarilyUnavailable: {
    title: 'Temporarily unavailable',
    message: 'This page is temporarily unavailable. Please try again in a moment.',
    hint: 'A public page could not be rendered (its snapshot is being rebuilt, or the database is down with nothing cached); the log says which.',
  },
  InternalError: {
    title: 'Something went wrong',
    message: 'Herald could not complete this request. Nothing is shown about why, for safety; the server log has the details. Please try again.',
    hint: 'An unexpected error: the server log has the stack trace, with the method, path and client address.',
  },
  // Alert intake and triage
  TriageGone: {
    title: 'Already handled',
    message: 'Someone already declared or dismissed this triage incident: open it from the dashboard.',
    hint: 'Two people acted on the same alert at once, or the alerts resolved and the route resolved it by itself.',
  },
  AlertPayloadNotObject: {
    title: 'Not a notification',
    message: 'The body must be a JSON object (an Alertmanager, Grafana or generic alert notification).',
    hint: 'A JSON array, string or number was sent; see the README for each endpoint’s shape.',
  },
  AlertRouteGone: {
    title: 'Route not found',
    message: 'This alert route no longer exists: reload the routes.',
    hint: 'Another admin removed it while the page was open.',
  },
  // Operators: start-up and configuration
  DatabaseUnreachableAtStart: {
    title: 'Database unreachable at start',
    message: 'Cannot reach the database at DATABASE_URL and there is no saved snapshot to serve. Check that PostgreSQL is running and reachable.',
    hint: 'With a saved snapshot (HERALD_DATA_DIR/snapshot.json) Herald would serve it and keep retrying; a first start needs the database.',
  },
  InvalidConfiguration: {
    title: 'Invalid configuration',
    message: (problems: string): string => `Invalid configuration: ${problems}`,
    hint: 'Each problem names the environment variable and what it must look like (src/config.ts).',
  },
  // Integrations (webhooks, Slack, Teams)
  IntegrationGone: {
    title: 'Integration not found',
    message: 'This integration no longer exists.',
    hint: 'Another admin deleted it while the page was open; reload the integrations page.',
  },
  IntegrationDisabled: {
    title: 'Integration disabled',
    message: 'Enable the integration first: nothing is sent to a disabled one.',
    hint: 'A disabled endpoint (by an admin, or after a day of failures) receives nothing, test events included.',
  },
  // Postmortems
  PostmortemMissing: {
    title: 'No postmortem yet',
    message: 'This incident has no postmortem yet: start one first.',
    hint: 'Start it from the incident page (Postmortem section) or the postmortem page; it may also have been deleted through the API.',
  },
  PostmortemIncidentNotPublic: {
    title: 'Incident never public',
    message: 'This incident never appeared on the status page: publish its postmortem internally instead.',
    hint: 'A public postmortem needs an incident the public saw (one with a published external update).',
  },
  PostmortemIncidentOpen: {
    title: 'Incident not resolved',
    message: 'Resolve the incident before publishing its postmortem publicly.',
    hint: 'The public part describes a finished incident; publish internally while it is still running.',
  },
  PostmortemUnknownAction: {
    title: 'Unknown postmortem action',
    message: 'Choose what to do with the postmortem.',
    hint: 'The form sent no known action (save, send for review, publish…); reload the page.',
  },
});

export type ErrorName = keyof typeof ERRORS;

/** The sentence an entry shows, with its parameters filled in. */
export function errorMessage<E extends ErrorData>(error: E, ...params: MessageParams<E>): string {
  return typeof error.message === 'string' ? error.message : (error.message as (...p: MessageParams<E>) => string)(...params);
}

/** An entry as a form's whole-form error (`_form`, shown above the form). */
export function formError<E extends ErrorData>(error: E, ...params: MessageParams<E>): { _form: string } {
  return { _form: errorMessage(error, ...params) };
}
