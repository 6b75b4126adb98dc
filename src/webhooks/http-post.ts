import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ForbiddenAddressError, isForbiddenAddress } from './address-policy.ts';

/*
 * The one place webhooks leave Herald. node:http(s) rather than fetch, because
 * its `lookup` hook runs on every new connection: the address checked is the
 * address connected to, so DNS rebinding cannot slip past the SSRF policy (a fetch
 * with a pre-resolved host would check one answer and connect with another).
 * Redirects are never followed (a 3xx is an answer, which the caller counts as a
 * failure, as Statuspage does); the whole exchange is bounded by `timeoutMs`.
 * Keep-alive agents reuse connections to the same host (a fan-out to many endpoints
 * of one receiver does not pay a handshake each).
 */

export type PostOutcome =
  | { kind: 'answer'; status: number; retryAfter: string | null; snippet: string; latencyMs: number }
  | { kind: 'network'; error: string; latencyMs: number }
  /** The URL's address is forbidden (SSRF policy) or the URL unusable: never retried. */
  | { kind: 'refused'; error: string; latencyMs: number };

export interface WebhookPoster {
  post(url: string, headers: Record<string, string>, body: string): Promise<PostOutcome>;
  close(): void;
}

export type Resolver = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface PosterOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Sockets per host (the fan-out's parallelism to one receiver). */
  maxSocketsPerHost?: number;
  /** DNS, replaceable in tests to play a rebinding resolver. */
  resolve?: Resolver;
  /** For the elapsed time only (latency), not for anything stored. */
  monotonicMs?: () => number;
}

const SNIPPET_BYTES = 200;
/** Read at most this much of an answer (the rest is dropped with the connection). */
const MAX_ANSWER_BYTES = 64 * 1024;

const defaultResolve: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** A `lookup` for net.connect that drops forbidden addresses and fails when none is left. */
function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...(options as LookupOneOptions), all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => !isForbiddenAddress(a.address));
      if (allowed.length === 0) {
        const refusal = new ForbiddenAddressError(hostname, addresses[0]?.address ?? 'nothing');
        return callback(refusal as unknown as NodeJS.ErrnoException, '', 0);
      }
      if ((options as LookupAllOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

export function createWebhookPoster(options: PosterOptions): WebhookPoster {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clock = options.monotonicMs ?? ((): number => performance.now());
  const lookup = options.allowPrivate ? undefined : guardedLookup(options.resolve ?? defaultResolve);
  const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost ?? 64, ...(lookup === undefined ? {} : { lookup }) };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  return {
    post(url, headers, body): Promise<PostOutcome> {
      const started = clock();
      const elapsed = (): number => Math.round(clock() - started);
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return Promise.resolve({ kind: 'refused', error: 'The URL is not valid.', latencyMs: 0 });
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve({ kind: 'refused', error: 'Only http and https URLs are allowed.', latencyMs: 0 });
      // An IP literal never goes through `lookup`: check it here.
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivate && isIP(host) !== 0 && isForbiddenAddress(host)) {
        return Promise.resolve({ kind: 'refused', error: new ForbiddenAddressError(host, host).message, latencyMs: 0 });
      }
      const transport = target.protocol === 'https:' ? https : http;
      return new Promise<PostOutcome>((resolve) => {
        let settled = false;
        const finish = (outcome: PostOutcome): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        const request = transport.request(
          target,
          {
            method: 'POST',
            agent: agents[target.protocol as 'http:' | 'https:'],
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Herald-Webhooks/1.0', ...headers },
          },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
              else response.destroy();
            });
            const done = (): void => {
              const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
              const retryAfter = response.headers['retry-after'];
              finish({ kind: 'answer', status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, snippet, latencyMs: elapsed() });
            };
            response.on('end', done);
            response.on('close', done);
            response.on('error', done);
          },
        );
        const timer = setTimeout(() => {
          request.destroy(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        request.on('error', (error: NodeJS.ErrnoException) => {
          if (error instanceof ForbiddenAddressError || error.name === 'ForbiddenAddressError') finish({ kind: 'refused', error: error.message, latencyMs: elapsed() });
          else finish({ kind: 'network', error: `${error.code ? `${error.code}: ` : ''}${error.message}`, latencyMs: elapsed() });
        });
        request.end(body);
      });
    },
    close(): void {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
