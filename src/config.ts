import path from 'node:path';
import { z } from 'zod';
import { errorMessage, ERRORS } from './errors/catalogue.ts';
import { parseCidr } from './http/client-address.ts';
import { type Clock, clockStartingAt, systemClock } from './time/clock.ts';

/**
 * Herald's configuration, read from the environment once, validated, frozen.
 * Every module takes what it needs from here; nothing else reads process.env.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** PostgreSQL connection string; null means the embedded PGlite database. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Connections in the SMTP pool. */
  readonly smtpPoolSize: number;
  /** Address for mailto: List-Unsubscribe, or null for the HTTPS link only. */
  readonly unsubscribeMailto: string | null;
  /** Load the demo page into an empty embedded database on start. */
  readonly demo: boolean;
  /** CIDRs of reverse proxies whose X-Forwarded-For is believed (right-most untrusted hop); empty: ignored. */
  readonly trustedProxies: readonly string[];
  /** Requests an API token may make in any rolling minute (HERALD_API_RATE_LIMIT). */
  readonly apiRateLimit: number;
  /** Alert notifications an API token may send in any rolling minute (HERALD_ALERT_RATE_LIMIT). */
  readonly alertRateLimit: number;
  /** The process's idea of "now" (HERALD_CLOCK_START moves its start; tests and demos). */
  readonly clock: Clock;
  /** Webhooks may target loopback, private and link-local addresses (HERALD_WEBHOOK_ALLOW_PRIVATE=1: tests, on-premise). */
  readonly webhookAllowPrivate: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}, 'must look like postgres://user:password@host:5432/database');

const cidrList = z.string().transform((value, context) => {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.filter((entry) => parseCidr(entry) === null);
  if (bad.length > 0) {
    context.addIssue({ code: 'custom', message: `must be a comma-separated list of CIDRs such as 127.0.0.1/8,10.0.0.0/8 (not: ${bad.join(', ')})` });
    return z.NEVER;
  }
  return entries;
});

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:4321'),
  DATABASE_URL: postgresUrl.optional(),
  HERALD_DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('status@localhost'),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  HERALD_DEMO: z.enum(['0', '1', 'false', 'true']).default('1'),
  HERALD_TRUSTED_PROXIES: cidrList.optional(),
  HERALD_API_RATE_LIMIT: z.coerce.number({ error: 'must be a whole number of requests a minute' }).int().min(1).max(100_000).default(60),
  HERALD_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', 'false', 'true'], { message: 'must be 1 (allow) or 0 (refuse)' }).default('0'),
  HERALD_ALERT_RATE_LIMIT: z.coerce.number({ error: 'must be a whole number of notifications a minute' }).int().min(1).max(100_000).default(120),
  HERALD_CLOCK_START: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant, e.g. 2026-11-29T10:00:00Z' }).optional(),
});

/** Reads and validates the environment; throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(errorMessage(ERRORS.InvalidConfiguration, lines.join('; ')));
  }
  const value = parsed.data;
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    publicUrl: value.PUBLIC_URL.replace(/\/+$/, ''),
    databaseUrl: value.DATABASE_URL ?? null,
    dataDir: path.resolve(value.HERALD_DATA_DIR),
    smtpUrl: value.SMTP_URL ?? null,
    mailFrom: value.MAIL_FROM,
    smtpPoolSize: value.SMTP_POOL_SIZE,
    unsubscribeMailto: value.UNSUBSCRIBE_MAILTO ?? null,
    demo: value.HERALD_DEMO === '1' || value.HERALD_DEMO === 'true',
    trustedProxies: Object.freeze(value.HERALD_TRUSTED_PROXIES ?? []),
    apiRateLimit: value.HERALD_API_RATE_LIMIT,
    alertRateLimit: value.HERALD_ALERT_RATE_LIMIT,
    clock: value.HERALD_CLOCK_START === undefined ? systemClock : clockStartingAt(new Date(value.HERALD_CLOCK_START)),
    webhookAllowPrivate: value.HERALD_WEBHOOK_ALLOW_PRIVATE === '1' || value.HERALD_WEBHOOK_ALLOW_PRIVATE === 'true',
  });
}
