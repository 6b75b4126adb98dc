/**
 * Headers for notification mail. Pure: the fan-out builds them per (update,
 * subscriber) and the tests check them exactly.
 */

export interface NotificationHeadersInput {
  publicUrl: string;
  pageName: string;
  /** The subscriber's own https link (token in the query string). */
  unsubscribeUrl: string;
  /** UNSUBSCRIBE_MAILTO, or null for the https link only. */
  unsubscribeMailto: string | null;
  /** What every message of one thread shares, e.g. the incident id. */
  threadKey: string;
}

/** Host of PUBLIC_URL (no port): the right-hand side of our Message-IDs and the List-Id. */
export function mailHost(publicUrl: string): string {
  return new URL(publicUrl).hostname;
}

/** Keeps a Message-ID local part to characters every parser accepts (ids are uuids anyway). */
function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._+-]/g, '_');
}

/** Header values are one line: control characters (CR/LF above all) become spaces. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Atoms (RFC 5322 atext, without "=" and "?" so nothing looks like an encoded word) and spaces. */
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/^_`{|}~ ]+$/;

/** RFC 2047 Q encoding of one phrase, split so that no encoded word passes 75 characters. */
function encodedWords(text: string): string {
  const words: string[] = [];
  let current = '';
  for (const character of text) {
    const encoded = /[A-Za-z0-9!*+\-/]/.test(character)
      ? character
      : character === ' '
        ? '_'
        : [...Buffer.from(character, 'utf8')].map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    if (current.length + encoded.length > 75 - '=?UTF-8?Q??='.length) {
      words.push(current);
      current = '';
    }
    current += encoded;
  }
  if (current !== '') words.push(current);
  return words.map((word) => `=?UTF-8?Q?${word}?=`).join(' ');
}

/**
 * The List-Id phrase ("Acme Cloud status"). As atoms it needs no quotes; anything
 * else goes out as encoded words, which RFC 2047 allows in a phrase. Not a quoted
 * string: nodemailer MIME-encodes any header value holding a '"', angle-bracketed
 * list id included, which would leave no List-Id a client could read.
 */
function listPhrase(name: string): string {
  return PLAIN_PHRASE.test(name) ? name : encodedWords(name);
}

/** The thread every update of one incident refers to, "<incident-ID@host>". */
export function threadMessageId(publicUrl: string, threadKey: string): string {
  return `<incident-${idPart(threadKey)}@${mailHost(publicUrl)}>`;
}

/**
 * List-Unsubscribe with List-Unsubscribe-Post is RFC 8058 one-click: mail providers
 * POST to the https link without a cookie or form. The https link comes first because
 * Gmail and Yahoo require it; mailto is an extra for older clients. In-Reply-To and
 * References point at a stable id per incident (a message we never send), which is
 * enough for clients to thread all its updates together.
 */
export function notificationHeaders(input: NotificationHeadersInput): Record<string, string> {
  const unsubscribe = [`<${oneLine(input.unsubscribeUrl)}>`];
  if (input.unsubscribeMailto !== null) {
    unsubscribe.push(`<mailto:${oneLine(input.unsubscribeMailto)}?subject=unsubscribe>`);
  }
  const thread = threadMessageId(input.publicUrl, input.threadKey);
  return {
    'List-Unsubscribe': unsubscribe.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${listPhrase(`${oneLine(input.pageName)} status`)} <${mailHost(input.publicUrl)}>`,
    'In-Reply-To': thread,
    References: thread,
  };
}

/**
 * "update-<id>.<recipientKey>@<host>", without angle brackets (OutgoingMessage adds
 * them). Stable, so a message re-sent after a crash carries the same Message-ID and
 * clients can drop the duplicate.
 */
export function notificationMessageId(input: { updateId: string; recipientKey: string; publicUrl: string }): string {
  return `update-${idPart(input.updateId)}.${idPart(input.recipientKey)}@${mailHost(input.publicUrl)}`;
}
