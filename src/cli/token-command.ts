import type { Config } from '../config.ts';
import type { FieldErrors } from '../domain/result.ts';
import { createToken } from '../tokens/create-token.ts';
import { listTokens } from '../tokens/list-tokens.ts';
import { revokeToken } from '../tokens/revoke-token.ts';
import { SCOPES } from '../tokens/scopes.ts';
import { CLI_ACTOR } from '../users/audit.ts';
import { openCliServices } from './cli-services.ts';
import { type Command, type CommandIo, commandWithOptions, consoleIo, readSubcommand } from './command.ts';

const USAGE = `herald token <create|list|revoke> [options]

  herald token create --name NAME --scopes a,b[,c] [--expires-in 90d|12h|never]
      Creates an API token and prints it alone on the last line (shown once:
      Herald keeps only a hash). Without --expires-in it never expires.
  herald token list
      Lists every token: prefix, name, scopes, state, expiry, last use.
  herald token revoke --id hrld_xxxxxxxx
      Revokes a token at once (give its prefix or id).

Scopes: ${SCOPES.join(', ')}.
Send the token as "Authorization: OAuth <token>" or "Authorization: Bearer <token>".`;

export type TokenCommandIo = CommandIo;

const FLAGS: Record<string, string> = { name: '--name', scopes: '--scopes', expiresIn: '--expires-in', id: '--id', confirm: '--id' };

function firstError(errors: FieldErrors): string {
  const [field, message] = Object.entries(errors)[0] ?? ['_form', 'Something is wrong with the input.'];
  return field === '_form' ? message : `${FLAGS[field] ?? field}: ${message}`;
}

const iso = (date: Date | null): string => (date === null ? 'never' : date.toISOString());

/** Runs `herald token …` with its arguments (after "token"); returns the exit code. */
export async function runTokenCommand(args: string[], config: Config, io: TokenCommandIo): Promise<number> {
  const read = readSubcommand('token', USAGE, ['create', 'list', 'revoke'] as const, args, { name: { type: 'string' }, scopes: { type: 'string' }, 'expires-in': { type: 'string' }, id: { type: 'string' } }, io);
  if (typeof read === 'number') return read;
  const { sub, values } = read;

  const { services, close } = await openCliServices(config);
  try {
    if (sub === 'list') {
      const tokens = await listTokens(services, CLI_ACTOR);
      if (tokens.length === 0) {
        io.log('No tokens yet. Create one with: herald token create --name NAME --scopes read');
        return 0;
      }
      for (const token of tokens) {
        const used = token.lastUsedAt === null ? 'never used' : `last used ${iso(token.lastUsedAt)} from ${token.lastUsedIp ?? '?'}`;
        io.log(`${token.prefix}…  ${token.state.padEnd(7)}  ${token.name}  [${token.scopes.join(',')}]  expires ${iso(token.expiresAt)}  ${used}`);
      }
      return 0;
    }
    if (sub === 'revoke') {
      const result = await revokeToken(services, CLI_ACTOR, { id: values.id ?? '', confirm: true });
      if (!result.ok) {
        io.error(`herald token revoke: ${firstError(result.errors)}`);
        return 1;
      }
      io.log(`Revoked the token “${result.value.name}”.`);
      return 0;
    }
    const result = await createToken(services, CLI_ACTOR, { name: values.name ?? '', scopes: values.scopes ?? '', expiresIn: values['expires-in'] ?? 'never' });
    if (!result.ok) {
      io.error(`herald token create: ${firstError(result.errors)}`);
      return 1;
    }
    const token = result.value;
    io.log(`Created the token “${token.name}” (${token.prefix}…) with scopes ${token.scopes.join(', ')}; expires ${iso(token.expiresAt)}.`);
    io.log('Store it now; it is not shown again. The token:');
    io.log(token.token);
    return 0;
  } finally {
    await close();
  }
}

/** `herald token …`, an entry of COMMANDS in run-cli.ts. */
export const tokenCommand: Command = commandWithOptions('token', 'Create, list and revoke API tokens.', USAGE, (args, config) => runTokenCommand(args, config, consoleIo));
