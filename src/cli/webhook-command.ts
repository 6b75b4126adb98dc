import type { Config } from '../config.ts';
import { WEBHOOK_EVENTS } from '../domain/webhook.ts';
import { CLI_ACTOR } from '../users/audit.ts';
import { addWebhookEndpoint } from '../webhooks/add-endpoint.ts';
import { openCliServices } from './cli-services.ts';
import { type Command, type CommandIo, commandWithOptions, consoleIo, readSubcommand } from './command.ts';

const USAGE = `herald webhook add --url URL --name NAME [--kind generic|slack|teams]
                   [--events a,b,…] [--audience external|all] [--owner EMAIL]

  Adds an outbound integration and prints its signing secret (whsec_…) alone on
  the last line. Requests are signed per Standard Webhooks (webhook-id,
  webhook-timestamp, webhook-signature); the receiver verifies with the secret.

  --url       where to POST (http or https; loopback and private addresses are
              refused unless HERALD_WEBHOOK_ALLOW_PRIVATE=1)
  --name      a name for the admin page and the logs
  --kind      generic (Statuspage's webhook JSON, the default), slack (an
              incoming webhook URL) or teams (a Teams Workflows URL)
  --events    comma-separated, default all: ${WEBHOOK_EVENTS.join(', ')}
  --audience  external (what subscribers see, the default) or all (internal
              updates and overdue nudges too: the team's own channel)
  --owner     who is emailed if the endpoint is disabled after a day of
              failures (default: the longest-standing admin)`;

export type WebhookCommandIo = CommandIo;

const FIELD_OPTIONS: Record<string, string> = { url: 'url', name: 'name', kind: 'kind', events: 'events', audience: 'audience', ownerEmail: 'owner' };

/** Runs `herald webhook …` with its arguments (after "webhook"); returns the exit code. */
export async function runWebhookCommand(args: string[], config: Config, io: WebhookCommandIo): Promise<number> {
  const read = readSubcommand('webhook', USAGE, ['add'] as const, args, { url: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, events: { type: 'string' }, audience: { type: 'string' }, owner: { type: 'string' } }, io);
  if (typeof read === 'number') return read;
  const { values } = read;
  const { services, close } = await openCliServices(config);
  try {
    const input: Record<string, unknown> = { url: values.url, name: values.name, kind: values.kind, events: values.events, audience: values.audience, ownerEmail: values.owner };
    const result = await addWebhookEndpoint(services, CLI_ACTOR, input);
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.errors)) io.error(`herald webhook add: --${FIELD_OPTIONS[field.split('.')[0]!] ?? field}: ${message}`);
      return 1;
    }
    io.log(`Webhook "${String(values.name).trim()}" added (id ${result.value.id}). Manage it at ${config.publicUrl}/admin/integrations/${result.value.id}`);
    io.log('Its signing secret follows; give it to the receiver to verify the webhook-signature header:');
    io.log(result.value.secret);
    return 0;
  } finally {
    await close();
  }
}

/** `herald webhook …`, an entry of COMMANDS in run-cli.ts. */
export const webhookCommand: Command = commandWithOptions('webhook', 'Add an outbound webhook, Slack or Teams integration (prints its signing secret).', USAGE, (args, config) => runWebhookCommand(args, config, consoleIo));
