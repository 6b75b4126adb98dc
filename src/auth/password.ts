import { hash, verify } from '@node-rs/argon2';
import { randomString } from './session.ts';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). Each hash
 * holds 19 MiB for tens of milliseconds, so at most two are computed at once: a
 * login flood queues instead of exhausting memory.
 */
// The library's default algorithm is argon2id (a test checks the `$argon2id$` prefix);
// its const enum cannot be imported under verbatimModuleSyntax.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, OPTIONS));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limited(() => verify(passwordHash, password).catch(() => false));
}

// A real hash to verify against when the account does not exist, so that an
// unknown email takes as long to reject as a wrong password.
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('herald-dummy-password-for-timing');
  await verifyPassword(await dummyHash, `${password}\u0000never`);
  return false;
}

/** Rules for a new password; returns the problem in words, or null. */
export function checkPasswordStrength(password: string): string | null {
  if (password.length < 12) return 'Use at least 12 characters.';
  if (password.length > 256) return 'Use at most 256 characters.';
  return null;
}

/**
 * A password for someone who did not choose one (the CLI prints it once): 120 random
 * bits as 24 base32 characters in groups of four, easy to read out and to type.
 */
export function generatePassword(): string {
  return randomString().match(/.{4}/g)?.join('-') ?? randomString();
}
