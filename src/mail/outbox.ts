import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { outboxDir } from './create-mailer.ts';

/** One line of the admin Outbox. */
export interface OutboxEntry {
  name: string;
  to: string;
  subject: string;
  date: Date;
  size: number;
}

export interface OutboxMessage {
  name: string;
  subject: string;
  from: string;
  to: string;
  date: Date | null;
  /** Every header as written, in order, folded lines joined. */
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
}

/** The outbox mailer writes "<iso-time>_<message-id>.eml"; nothing else is ours to open. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/;

/** A file name we will open: no separators, no "..", only what the outbox mailer writes. */
export function isOutboxName(name: string): boolean {
  return NAME.test(name) && !name.includes('..') && path.basename(name) === name;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');
}

/** Reads no more than the header block, so listing a full outbox stays cheap. */
async function readHeaderBlock(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(16 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf('\n\n');
    const endCrlf = head.indexOf('\r\n\r\n');
    const cut = [end, endCrlf].filter((index) => index >= 0);
    return cut.length === 0 ? head : head.subarray(0, Math.min(...cut));
  } finally {
    await handle.close();
  }
}

/** The newest `limit` messages first (names start with the time they were written). */
export async function listOutbox(dataDir: string, limit: number): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const newest = names.filter(isOutboxName).sort().reverse().slice(0, Math.max(0, limit));
  const entries: OutboxEntry[] = [];
  for (const name of newest) {
    const file = path.join(dir, name);
    try {
      const [info, head] = await Promise.all([stat(file), readHeaderBlock(file)]);
      const parsed = await simpleParser(Buffer.concat([head, Buffer.from('\n\n')]));
      entries.push({
        name,
        to: addressText(parsed.to),
        subject: parsed.subject ?? '',
        date: parsed.date ?? info.mtime,
        size: info.size,
      });
    } catch (error) {
      // Deleted between readdir and open: skip it rather than fail the page.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return entries;
}

/** One message, parsed; null when the name is not an outbox file or it does not exist. */
export async function readOutboxMessage(dataDir: string, name: string): Promise<OutboxMessage | null> {
  if (!isOutboxName(name)) return null;
  let source: Buffer;
  try {
    source = await readFile(path.join(outboxDir(dataDir), name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = await simpleParser(source);
  return {
    name,
    subject: parsed.subject ?? '',
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    date: parsed.date ?? null,
    headers: parsed.headerLines.map(({ line }) => {
      const colon = line.indexOf(':');
      return {
        name: colon < 0 ? line : line.slice(0, colon),
        value: colon < 0 ? '' : line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim(),
      };
    }),
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
}
