import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ROOT, runHerald, waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// The public page on a phone and from the keyboard: uptime bars (days shown by width,
// a day's details on tap or focus, one tab stop), the subscribe page's contrast and
// group choice, and the page refreshing itself when an incident opens. Shared demo
// server; the one incident opened here has its own title and is resolved again.
const SHOTS = path.join(ROOT, 'scratch', 'public-ui-shots');
const RUN = Date.now().toString(36);
const INCIDENT = `Checkout answers slowly (live refresh ${RUN})`;

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

function newContext(options: { width?: number; colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const width = options.width ?? 390;
  return browser.newContext({
    viewport: { width, height: 844 },
    colorScheme: options.colorScheme ?? 'light',
    hasTouch: width < 500,
    isMobile: false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}

/** The visible day buttons of the first uptime bar. */
function visibleDays(page: Page, bar = 0): Promise<number> {
  return page.locator('.ud').nth(bar).locator('button').evaluateAll((buttons) => buttons.filter((b) => b.getClientRects().length > 0).length);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe('uptime bars on a phone', () => {
  it('shows 30 days at 390 px, 60 at 700 px and 90 at 1280 px, with the caption for the days shown', async () => {
    for (const [width, days] of [[390, 30], [700, 60], [1280, 90]] as const) {
      const context = await newContext({ width });
      const page = await context.newPage();
      await page.goto(`${herald.url}/`);
      expect(await visibleDays(page), `${width} px`).toBe(days);
      const caption = page.locator('.ub .cap').first();
      expect(await caption.innerText(), `${width} px`).toMatch(new RegExp(`^${days} days ago\\s+\\d+\\.\\d\\d% uptime\\s+Today$`));
      expect(await page.locator('#cmp-h + .sub').innerText()).toBe(`Uptime over the past ${days} days`);
      // Every day is big enough to tap: at least 24 px high.
      const box = await page.locator('.ud').first().locator('button').last().boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(24);
      for (const scheme of ['light', 'dark'] as const) {
        if (width === 700) continue;
        await page.emulateMedia({ colorScheme: scheme });
        await shoot(page, `home-${width}-${scheme}`);
      }
      await context.close();
    }
  });

  it('opens a day\'s details with a tap: date, uptime, what happened and a link to the incident', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    // A day with an incident within the last 30 days, in any bar.
    const day = page.locator('.ud > li:not(.a30):not(.a60):has([popover] a) > button').first();
    const details = page.locator('.ud [popover]:popover-open');
    expect(await details.count()).toBe(0);
    await day.tap();
    await details.waitFor();
    const text = await details.innerText();
    expect(text).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}\n/);
    expect(text).toMatch(/\d+\.\d\d% uptime/);
    expect(text).toMatch(/Operational|Degraded performance|Partial outage|Major outage|Under maintenance/);
    const link = details.getByRole('link');
    expect(await link.first().getAttribute('href')).toMatch(/^\/incidents\/[a-z0-9]+$/);
    // The button is named by the details, so a screen reader hears the same.
    expect(await day.getAttribute('aria-labelledby')).toBe(await details.getAttribute('id'));
    await page.screenshot({ path: path.join(SHOTS, 'day-details-390.png') });

    // A tap elsewhere closes it; the incident link leads to the incident.
    await page.locator('h2#cmp-h').tap();
    await details.waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await page.locator('.ud [popover]:popover-open').count()).toBe(0);
    await day.tap();
    await page.locator('.ud [popover]:popover-open').getByRole('link').first().tap();
    await page.waitForURL(/\/incidents\/[a-z0-9]+$/);
    await context.close();
  });

  it('opens a day\'s details without JavaScript too', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    await page.locator('.ud').first().locator('button').last().tap();
    const details = page.locator('.ud [popover]:popover-open');
    await details.waitFor();
    expect(await details.innerText()).toMatch(/uptime|No data/);
    await context.close();
  });

  it('is one tab stop per bar; arrow keys move between days and show each one\'s details', async () => {
    const context = await newContext({ width: 1280 });
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const firstBar = page.locator('.ud').first();
    // Tab from the component's name lands on today, and the next Tab leaves the bar.
    await page.locator('.cmp-n').first().focus();
    await page.keyboard.press('Tab');
    const focused = (): Promise<string> => page.evaluate(() => {
      const el = document.activeElement;
      const li = el?.closest('.ud > li');
      return li ? `day ${[...li.parentElement!.children].indexOf(li)} of bar ${[...document.querySelectorAll('.ud')].indexOf(li.parentElement!)}` : `${el?.tagName} ${el?.textContent?.trim()}`;
    });
    expect(await focused()).toBe('day 89 of bar 0');
    const open = page.locator('.ud [popover]:popover-open');
    await open.waitFor();
    expect(await open.innerText()).toMatch(/uptime|No data/);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('day 88 of bar 0');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('day 87 of bar 0');
    expect(await page.locator('.ud [popover]:popover-open').count()).toBe(1);
    const shownId = await page.locator('.ud [popover]:popover-open').getAttribute('id');
    expect(await firstBar.locator('li').nth(87).locator('button').getAttribute('popovertarget')).toBe(shownId);
    await page.keyboard.press('Home');
    expect(await focused()).toBe('day 0 of bar 0');
    await page.keyboard.press('End');
    expect(await focused()).toBe('day 89 of bar 0');
    await page.keyboard.press('ArrowLeft');
    await page.screenshot({ path: path.join(SHOTS, 'keyboard-1280.png') });
    // Escape closes the details and keeps focus on the day.
    await page.keyboard.press('Escape');
    expect(await page.locator('.ud [popover]:popover-open').count()).toBe(0);
    expect(await focused()).toBe('day 88 of bar 0');
    // Tab leaves the bar for the next component, whose bar is again one stop.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^A /);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('day 89 of bar 1');
    // Shift+Tab back into the first bar returns to the day last chosen.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('day 88 of bar 0');
    await context.close();
  });

  it('takes the component page and the legend the same way, with the formula written out', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const legend = await page.locator('.legend').first().innerText();
    expect(legend).toContain('Partial outage');
    expect(legend).toContain('a partial outage as 30% down');
    await page.locator('.cmp-n').first().click();
    await page.waitForURL(/\/components\/[a-z0-9]+$/);
    expect(await visibleDays(page)).toBe(30);
    expect(await page.locator('.legend').innerText()).toContain('a major outage as down');
    for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1280, 'light'], [1280, 'dark']] as const) {
      await page.setViewportSize({ width, height: 844 });
      await page.emulateMedia({ colorScheme: scheme });
      await shoot(page, `component-${width}-${scheme}`);
    }
    await context.close();
  });
});

/** WCAG contrast of every visible piece of text in `main`, against the background it sits on. */
function lowContrastTexts(page: Page): Promise<{ checked: number; problems: string[] }> {
  return page.evaluate(() => {
    const parse = (value: string): [number, number, number, number] | null => {
      const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(value);
      if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
      const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(value);
      if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      return null;
    };
    const over = (top: number[], bottom: number[]): number[] => [0, 1, 2].map((i) => top[i]! * top[3]! + bottom[i]! * (1 - top[3]!));
    const luminance = (c: number[]): number => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    /** The opaque colour behind `el`: its own and its ancestors' backgrounds, blended. */
    const background = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let node = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg[3] > 0) {
          layers.push(bg);
          if (bg[3] >= 1) break;
        }
      }
      let colour = [255, 255, 255];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const problems: string[] = [];
    let checked = 0;
    for (const el of document.querySelectorAll('main *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own || el.getClientRects().length === 0 || el.closest('.hp, .vh, [aria-hidden="true"]')) continue;
      let opacity = 1;
      for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      const fg = parse(getComputedStyle(el).color);
      if (!fg) continue;
      const bg = background(el);
      const text = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
      const [a, b] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      checked += 1;
      if (ratio < 4.5) problems.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
    }
    return { checked, problems };
  });
}

describe('the subscribe page', () => {
  it('has text of at least 4.5:1 contrast in light and dark mode, and boxes large enough to tap on a phone', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const context = await newContext({ width, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(`${herald.url}/subscribe`);
        const contrast = await lowContrastTexts(page);
        expect(contrast.problems, `${scheme} ${width}`).toEqual([]);
        expect(contrast.checked).toBeGreaterThan(20); // headings, intro, legends, labels, hints, button
        // The wrapper is not the muted caption style: the intro reads at full size.
        const intro = await page.locator('main p').first().evaluate((p) => Number.parseFloat(getComputedStyle(p).fontSize));
        expect(intro).toBeGreaterThanOrEqual(16);
        if (width === 390) {
          const box = await page.getByRole('checkbox').first().boundingBox();
          expect(box?.width ?? 0).toBeGreaterThanOrEqual(24);
          const row = await page.locator('label.check').first().boundingBox();
          expect(row?.height ?? 0).toBeGreaterThanOrEqual(44);
        }
        await shoot(page, `subscribe-${width}-${scheme}`);
        await context.close();
      }
    }
  });

  it('ticks a whole group: the server expands it without JavaScript, the page ticks its components with it', async () => {
    const email = `uptime-mobile-group-${RUN}@example.com`;
    const noJs = await newContext({ javaScriptEnabled: false, width: 1280 });
    const page = await noJs.newPage();
    await page.goto(`${herald.url}/subscribe`);
    const data = page.getByRole('group', { name: 'Data' });
    await data.getByRole('checkbox', { name: 'All of Data' }).check();
    // A mistake keeps the choice: the form comes back with the group (and so its components) ticked.
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('#email-error').waitFor();
    expect(await data.getByRole('checkbox', { name: 'All of Data' }).isChecked()).toBe(true);
    expect(await data.getByRole('checkbox', { name: 'Backups' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'API', exact: true }).isChecked()).toBe(false);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('status').waitFor();
    expect(await confirmationComponents(email)).toEqual(['Managed PostgreSQL', 'Object storage', 'Backups', 'Search']);
    await noJs.close();

    const withJs = await newContext({ width: 390 });
    const jsPage = await withJs.newPage();
    await jsPage.goto(`${herald.url}/subscribe`);
    const edge = jsPage.getByRole('group', { name: 'Edge' });
    const whole = edge.getByRole('checkbox', { name: 'All of Edge' });
    await whole.tap();
    expect(await edge.getByRole('checkbox', { checked: true }).count()).toBe(5);
    await edge.getByRole('checkbox', { name: 'DNS' }).tap();
    expect(await whole.isChecked()).toBe(false);
    await edge.getByRole('checkbox', { name: 'DNS' }).tap();
    expect(await whole.isChecked()).toBe(true);
    await withJs.close();
  });
});

/** The components named in the newest confirmation email to `to`. */
async function confirmationComponents(to: string): Promise<string[]> {
  const dir = path.join(herald.dataDir, 'outbox');
  let text = '';
  const found = await waitFor(async () => {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().reverse()) {
      const mail = await simpleParser(readFileSync(path.join(dir, file)));
      if (mail.to && !Array.isArray(mail.to) && mail.to.text.includes(to)) {
        text = mail.text ?? '';
        return true;
      }
    }
    return false;
  }, 20_000);
  if (!found) throw new Error(`no mail to ${to} in the outbox`);
  const line = /^Components: (.+)$/m.exec(text);
  if (!line) throw new Error(`no component list in:\n${text}`);
  return line[1]!.split(', ');
}

describe('live updates', () => {
  it('asks nothing while the tab is hidden, and checks at once when it is shown again', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.clock.install();
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v2/status.json')) polls.push(request.url());
    });
    await page.goto(`${herald.url}/`);
    await page.clock.runFor(31_000);
    await waitFor(async () => polls.length === 1, 10_000);
    expect(polls).toHaveLength(1);
    const setHidden = (hidden: boolean): Promise<void> =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.clock.runFor(5 * 60_000);
    await page.evaluate(() => fetch('/healthz')); // a round trip, so a stray poll would have been seen
    expect(polls).toHaveLength(1);
    await setHidden(false);
    await waitFor(async () => polls.length === 2, 10_000);
    expect(polls).toHaveLength(2);
    await context.close();
  });

  it('shows an incident that opens while the page is open, after the next poll, without a reload', async () => {
    const created = await runHerald(['token', 'create', '--name', `live refresh ${RUN}`, '--scopes', 'incidents:write,incidents:publish,read', '--expires-in', '12h'], herald.env);
    expect(created.code, created.output).toBe(0);
    const token = created.output.trim().split('\n').at(-1) ?? '';
    const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } };
    const api = (method: string, route: string, body: unknown): Promise<Response> =>
      fetch(`${herald.url}/api/v1/pages/${summary.page.id}${route}`, { method, headers: { authorization: `OAuth ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const context = await newContext();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${herald.url}/`);
    // A marker that a reload would lose: the content is swapped in place.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    expect(await page.getByText(INCIDENT).count()).toBe(0);

    const opened = await api('POST', '/incidents', { incident: { name: INCIDENT, status: 'investigating', body: 'Some checkouts take a few seconds.', visibility: 'public', deliver_notifications: false } });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const incident = (await opened.json()) as { id: string };
    try {
      // The public snapshot takes the change (status.json says so) before the page's next poll.
      const published = await waitFor(async () => {
        const status = (await (await fetch(`${herald.url}/api/v2/incidents/unresolved.json`)).json()) as { incidents: { name: string }[] };
        return status.incidents.some((i) => i.name === INCIDENT);
      }, 30_000);
      expect(published).toBe(true);
      await page.clock.runFor(31_000);
      await page.getByRole('region', { name: 'Active incidents' }).getByRole('link', { name: INCIDENT }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      // The bars still work after the swap: one tab stop, details on tap.
      expect(await page.locator('.ud').first().locator('button[tabindex="0"]').count()).toBe(1);
      await page.locator('.ud').first().locator('button').last().tap();
      await page.locator('.ud [popover]:popover-open').waitFor();
    } finally {
      await api('PATCH', `/incidents/${incident.id}`, { incident: { status: 'resolved', body: 'Checkout is fast again.' } });
      await context.close();
    }
  });
});
