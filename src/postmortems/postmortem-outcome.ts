import type { Db } from '../../db/client.ts';
import { findPostmortem, findPostmortemIncidentFacts } from '../../db/queries/postmortems.ts';
import type { Postmortem } from '../domain/postmortem.ts';
import { fail, type Result } from '../domain/result.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

/**
 * What a state change gives back: `changed` false when it was already so (publishing
 * twice is a no-op), with the sentence the page shows either way.
 */
export interface PostmortemOutcome {
  incidentId: string;
  changed: boolean;
  message: string;
}

/** The postmortem, locked for the change; or the failure to show when there is none. */
export async function lockPostmortem(trx: Db, incidentId: string): Promise<{ ok: true; postmortem: Postmortem } | { ok: false; failure: Result<never> }> {
  const postmortem = await findPostmortem(trx, incidentId, { forUpdate: true });
  if (postmortem) return { ok: true, postmortem };
  const incident = await findPostmortemIncidentFacts(trx, incidentId);
  return { ok: false, failure: fail(incident ? formError(ERRORS.PostmortemMissing) : { incidentId: INCIDENT_GONE }) };
}
