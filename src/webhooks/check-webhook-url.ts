import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isForbiddenAddress } from './address-policy.ts';

/**
 * The add-time check of an endpoint's URL, for a clear message next to the field:
 * http(s) only, and (unless private addresses are allowed) a host that resolves to
 * public addresses only. Not the guard itself: http-post.ts checks again, on the
 * address it connects to, at every connection. Returns the message, or null.
 * `forPublic`: the message is for a public subscriber, who cannot set the
 * server's environment, so it does not mention HERALD_WEBHOOK_ALLOW_PRIVATE.
 */
export async function checkWebhookUrl(
  url: string,
  allowPrivate: boolean,
  resolve: (host: string) => Promise<string[]> = resolveAll,
  options: { forPublic?: boolean } = {},
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full URL, such as https://hooks.slack.com/services/…';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'Only http:// and https:// URLs can receive webhooks.';
  if (parsed.username !== '' || parsed.password !== '') return 'Put no user name or password in the URL; the signature authenticates Herald to the receiver.';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return `Herald cannot resolve ${host}: check the host name.`;
    }
  }
  const forbidden = addresses.find((address) => isForbiddenAddress(address));
  if (forbidden !== undefined) {
    const what = `${host === forbidden ? host : `${host} resolves to ${forbidden}, which`} is a loopback, private, link-local or metadata address`;
    if (options.forPublic === true) return `${what}: updates can only be posted to a URL reachable from the internet.`;
    return `${what}: Herald does not send webhooks there. On a private network, set HERALD_WEBHOOK_ALLOW_PRIVATE=1.`;
  }
  return null;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((entry) => entry.address);
}
