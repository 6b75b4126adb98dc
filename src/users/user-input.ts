import { z } from 'zod';
import { checkPasswordStrength } from '../auth/password.ts';
import { ROLES } from '../domain/types.ts';

/** Field rules shared by the user use cases, the setup page and the CLI. */

export const emailField = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(320, 'That is too long for an email address.')
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }));

export const nameField = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Keep the name under 100 characters.');

export const roleField = z.enum(ROLES, { error: 'Choose a role: admin, comms, responder or viewer.' });

/** A new password: the strength rules of src/auth/password.ts, said in words. */
export const newPasswordField = z
  .string({ error: 'Enter a password.' })
  .min(1, 'Enter a password.')
  .superRefine((password, context) => {
    const problem = checkPasswordStrength(password);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });

export const idField = z.string({ error: 'Choose a user.' }).trim().min(1, 'Choose a user.').max(64, 'Choose a user.');

export const ROLE_NAMES: Record<(typeof ROLES)[number], string> = {
  admin: 'Admin',
  comms: 'Communications',
  responder: 'Responder',
  viewer: 'Viewer',
};
