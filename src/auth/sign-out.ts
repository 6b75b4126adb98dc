import { deleteSession } from '../../db/queries/sessions.ts';
import type { Services } from '../services.ts';

/** Ends one session: the cookie stops working at once, on every web process. */
export async function signOut(services: Services, sessionId: string): Promise<void> {
  await deleteSession(services.db, sessionId);
}
