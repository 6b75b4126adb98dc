import type { Page } from 'playwright';
import { runHerald } from './herald-process.ts';

/** The password every test account gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * `herald user create` with the password on stdin, as an operator runs it.
 * Throws with the command's output if it fails.
 */
export async function createUserWithCli(
  env: NodeJS.ProcessEnv,
  user: { email: string; name: string; role: string },
  password = TEST_PASSWORD,
): Promise<string> {
  const result = await runHerald(['user', 'create', '--email', user.email, '--role', user.role, '--name', user.name], env, `${password}\n`);
  if (result.code !== 0) throw new Error(`user create exited with ${result.code}: ${result.output}`);
  return result.output;
}

/** Signs in through the login form, by its labels, and waits for the page it leads to. */
export async function signInWithForm(page: Page, baseUrl: string, email: string, options: { password?: string; next?: string } = {}): Promise<void> {
  const query = options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`;
  await page.goto(`${baseUrl}/admin/login${query}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(options.password ?? TEST_PASSWORD);
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await loaded;
}
