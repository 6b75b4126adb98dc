import { findUserByEmail, listUsers } from '../../db/queries/users.ts';
import { generatePassword } from '../auth/password.ts';
import type { Config } from '../config.ts';
import type { FieldErrors } from '../domain/result.ts';
import { CLI_ACTOR } from '../users/audit.ts';
import { changeRole } from '../users/change-role.ts';
import { createUser } from '../users/create-user.ts';
import { resetPassword } from '../users/reset-password.ts';
import { ROLE_NAMES } from '../users/user-input.ts';
import { openCliServices } from './cli-services.ts';
import { type Command, type CommandIo, commandWithOptions, consoleIo, readSubcommand } from './command.ts';

const USAGE = `herald user <create|list|set-role|reset-password> [options]

  herald user create --email E --role admin|comms|responder|viewer [--name N]
      Creates an account. When stdin is not a terminal, its first line is the
      password (echo "$PASSWORD" | herald user create …); otherwise a strong
      password is generated and printed once. At least 12 characters.
  herald user list
      Lists every account with its role and whether it is disabled.
  herald user set-role --email E --role R
      Gives an account another role (the last admin keeps theirs).
  herald user reset-password --email E
      Sets a new password (stdin or generated, as for create) and signs the
      account out everywhere.

Roles: admin (everything, users), comms (publish external updates), responder
(declare incidents, internal updates, notes), viewer (read the internal view).`;

/** What the command needs from its surroundings, so tests can run it in-process. */
export interface UserCommandIo extends CommandIo {
  /** The password from stdin: its first line, or null when stdin is a terminal or empty. */
  readPassword(): Promise<string | null>;
}

class UsageError extends Error {}

function firstError(errors: FieldErrors): string {
  const [field, message] = Object.entries(errors)[0] ?? ['_form', 'Something is wrong with the input.'];
  return field === '_form' ? message : `--${field === 'password' ? 'password (stdin)' : field}: ${message}`;
}

async function readStdinPassword(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  if (text.length === 0) return null;
  return text.split(/\r?\n/)[0] ?? '';
}

/** Runs `herald user …` with its arguments (after "user"); returns the exit code. */
export async function runUserCommand(args: string[], config: Config, io: UserCommandIo): Promise<number> {
  const read = readSubcommand('user', USAGE, ['create', 'list', 'set-role', 'reset-password'] as const, args, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, io);
  if (typeof read === 'number') return read;
  const { sub, values } = read;

  const { services, close } = await openCliServices(config);
  try {
    const need = (flag: 'email' | 'role'): string => {
      const value = values[flag];
      if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`herald user ${sub}: --${flag} is required. Run "herald user --help".`);
      return value;
    };

    if (sub === 'list') {
      const users = await listUsers(services.db);
      if (users.length === 0) {
        io.log('No users yet. Create the first admin with: herald user create --email you@example.com --role admin');
        return 0;
      }
      const width = Math.max(...users.map((user) => user.email.length));
      for (const user of users) {
        io.log(`${user.email.padEnd(width)}  ${user.role.padEnd(9)}  ${user.disabledAt ? 'disabled' : 'active  '}  ${user.name}`);
      }
      return 0;
    }

    if (sub === 'set-role') {
      const email = need('email');
      const role = need('role');
      const user = await findUserByEmail(services.db, email.trim());
      if (!user) throw new UsageError(`herald user set-role: no user has the email ${email}.`);
      const result = await changeRole(services, CLI_ACTOR, { userId: user.id, role });
      if (!result.ok) throw new UsageError(`herald user set-role: ${firstError(result.errors)}`);
      io.log(result.value.changed ? `${user.email} is now ${ROLE_NAMES[result.value.role]} (${result.value.role}).` : `${user.email} already had the role ${role}.`);
      return 0;
    }

    // create and reset-password take a password from stdin, or generate one.
    const email = need('email');
    const role = sub === 'create' ? need('role') : null;
    const typed = await io.readPassword();
    const password = typed ?? generatePassword();
    if (sub === 'create') {
      const name = values.name?.trim() || email.trim().split('@')[0] || email.trim();
      const result = await createUser(services, CLI_ACTOR, { email, role, name, password });
      if (!result.ok) throw new UsageError(`herald user create: ${firstError(result.errors)}`);
      io.log(`Created ${email.trim()} (${role}).`);
    } else {
      const result = await resetPassword(services, CLI_ACTOR, { email, password });
      if (!result.ok) throw new UsageError(`herald user reset-password: ${firstError(result.errors)}`);
      io.log(`New password set for ${email.trim()}; every session of that account was signed out.`);
    }
    if (typed === null) io.log(`Password (shown once, store it now): ${password}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

/** `herald user …`, an entry of COMMANDS in run-cli.ts. */
export const userCommand: Command = commandWithOptions('user', 'Create and list accounts, change roles, reset passwords.', USAGE, (args, config) => runUserCommand(args, config, { ...consoleIo, readPassword: readStdinPassword }));
