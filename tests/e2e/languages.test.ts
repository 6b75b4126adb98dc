import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// The language switcher on a phone, with JavaScript off: plain links in the footer,
// the choice remembered for the next pages. Shared demo server; each context has its
// own cookies, so other files keep seeing English.
const SHOTS = path.join(ROOT, 'scratch', 'language-shots');

let herald: SharedHerald;
let browser: Browser;

beforeAll(async () => {
  herald = sharedHerald();
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function phone(locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, javaScriptEnabled: false, locale });
}

/** How far the page is wider than the viewport (0: nothing sticks out sideways). */
async function overflow(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  const extra = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.close();
  return extra;
}

describe('language switcher', () => {
  it('switches to German without JavaScript, and the choice sticks', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const switcher = page.getByRole('navigation', { name: 'Language' });
    await switcher.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForURL(`${herald.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expect.poll(() => page.getByRole('heading', { name: 'Komponenten' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'Deutsch' }).getAttribute('aria-current')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'home-de-390.png'), fullPage: true });

    // The next page is German too, and the subscribe form with it.
    await page.getByRole('link', { name: 'Updates abonnieren' }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Updates abonnieren');
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'subscribe-de-390.png'), fullPage: true });

    // And back to English from the same links.
    await page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Subscribe to updates');
    await context.close();
  });

  it('follows the browser language, and long words fit a 390 px screen in every language', async () => {
    for (const [locale, heading] of [['fr-FR', 'Composants'], ['es-ES', 'Componentes'], ['de-DE', 'Komponenten']] as const) {
      const context = await phone(locale);
      const page = await context.newPage();
      await page.goto(`${herald.url}/`);
      expect(await page.getByRole('heading', { name: heading }).isVisible(), locale).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `home-${locale.slice(0, 2)}-390.png`), fullPage: true });
      // Screen-sized views of the top, the components and the footer, to look at closely.
      await page.screenshot({ path: path.join(SHOTS, `home-${locale.slice(0, 2)}-390-top.png`) });
      await page.locator('#cmp-h').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `home-${locale.slice(0, 2)}-390-components.png`) });
      await page.locator('.foot').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `home-${locale.slice(0, 2)}-390-footer.png`) });
      for (const url of ['/', '/history', '/subscribe']) expect(await overflow(context, `${herald.url}${url}`), `${locale} ${url}`).toBe(0);
      await context.close();
    }
  });
});
