import { z } from 'zod';
import { setUserInternalNotifications } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';

const schema = z.object({
  // A checkbox sends "on" when ticked and nothing when not; the CLI and tests send booleans.
  enabled: z
    .union([z.boolean(), z.enum(['on', 'true', 'false'])], { error: 'Say whether you want internal updates by email.' })
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
});

/**
 * The signed-in user joins or leaves the internal mailing list. Only for their own
 * account: anyone who may read internal updates may choose to get them by email.
 */
export async function setInternalNotifications(services: Services, actor: Actor, input: unknown): Promise<Result<{ enabled: boolean }>> {
  requirePermission(actor, 'internal.view');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  await setUserInternalNotifications(services.db, actor.id, parsed.value.enabled, services.now());
  return ok({ enabled: parsed.value.enabled });
}
