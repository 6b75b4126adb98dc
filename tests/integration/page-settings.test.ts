import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPageCommand } from '../../src/cli/page-command.ts';
import { loadConfig } from '../../src/config.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { solidPng } from '../support/png.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('page settings on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    env = heraldEnv(kind === 'postgres' ? { DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' } : { HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    if (kind === 'embedded') await database.handle.close(); // the server opens the embedded database itself
    herald = await startHerald(env);
  });

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('a fresh install is not called "Status Status"', async () => {
    const html = await (await fetch(`${herald.url}/`)).text();
    expect(html).toContain('<title>Status</title>');
    expect(html).not.toContain('Status Status');
  });

  it('`page set` changes the name on the API, the page and the 404 within seconds', async () => {
    const result = await runHerald(
      ['page', 'set', '--name', 'Acme Cloud', '--support-url', 'https://help.acme.test', '--accent', '#0969DA', '--footer-link', 'Privacy | https://acme.test/privacy'],
      env,
    );
    expect(result.output).toContain('Page settings saved: Acme Cloud, accent #0969da');
    expect(result.code).toBe(0);

    const named = await waitFor(async () => {
      const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { name: string } };
      return summary.page.name === 'Acme Cloud';
    }, 10_000);
    expect(named).toBe(true);

    const home = await (await fetch(`${herald.url}/`)).text();
    expect(home).toContain('<title>Acme Cloud Status</title>');
    expect(home).toContain('--accent:#0969da');
    expect(home).toContain('href="https://help.acme.test"');
    expect(home).toContain('href="https://acme.test/privacy"');

    const missing = await fetch(`${herald.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Acme Cloud Status');
  });

  it('`page set` refuses an accent that fails contrast and keeps the old one', async () => {
    const result = await runHerald(['page', 'set', '--accent', '#ffff00'], env);
    expect(result.code).toBe(1);
    expect(result.output).toContain('--accent: White text on #ffff00');
    const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { name: string } };
    expect(summary.page.name).toBe('Acme Cloud');
  });

  it('`page set --logo` stores a PNG that the page shows and serves with long caching', async () => {
    const file = path.join(database.dataDir, 'logo.png');
    const png = solidPng(64, 32);
    writeFileSync(file, png);
    const svg = path.join(database.dataDir, 'logo.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const refused = await runHerald(['page', 'set', '--logo', svg], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('must be a PNG');

    const result = await runHerald(['page', 'set', '--logo', file], env);
    expect(result.output).toContain('Logo saved.');
    let logoUrl = '';
    expect(
      await waitFor(async () => {
        const html = await (await fetch(`${herald.url}/`)).text();
        logoUrl = /<img class="brand-logo" src="([^"]+)"/.exec(html)?.[1] ?? '';
        return logoUrl !== '' && html.includes(`<link rel="icon" href="${logoUrl}"`);
      }, 10_000),
    ).toBe(true);
    const logo = await fetch(`${herald.url}${logoUrl.replaceAll('&amp;', '&')}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await logo.arrayBuffer()).equals(png)).toBe(true);
  });

  it('`page set --favicon` refuses what is not a plain PNG or SVG, and says why', async () => {
    const write = (name: string, content: string | Buffer): string => {
      const file = path.join(database.dataDir, name);
      writeFileSync(file, content);
      return file;
    };
    const jpeg = await runHerald(['page', 'set', '--favicon', write('icon.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))], env);
    expect(jpeg.code).toBe(1);
    expect(jpeg.output).toContain('--favicon: The file is neither a PNG nor an SVG image.');
    // The other refusals in process (the command's own function, as the CLI runs it):
    // a CLI process per case is slow on a busy machine and proves nothing more.
    const inProcess = async (args: string[]): Promise<{ code: number; output: string }> => {
      const lines: string[] = [];
      const code = await runPageCommand(args, loadConfig(env), { log: (line) => lines.push(line), error: (line) => lines.push(line) });
      return { code, output: lines.join('\n') };
    };
    const big = await inProcess(['set', '--favicon', write('big.png', Buffer.concat([solidPng(16, 16), Buffer.alloc(70 * 1024)]))]);
    expect(big.code).toBe(1);
    expect(big.output).toContain('--favicon: The favicon is 71 KB; the most is 64 KB.');
    const script = await inProcess(['set', '--favicon', write('evil.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')]);
    expect(script.code).toBe(1);
    expect(script.output).toContain('<script> element');
    // Nothing stored: the logo is still the tab icon.
    const html = await (await fetch(`${herald.url}/`)).text();
    expect(html).toMatch(/<link rel="icon" href="\/brand\/logo\?v=\d+"/);
    expect((await fetch(`${herald.url}/brand/favicon`)).status).toBe(404);
  });

  it('`page set --favicon` stores an SVG that public and hub pages link and /brand/favicon serves with long caching', async () => {
    const source = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#8250df"/></svg>';
    const file = path.join(database.dataDir, 'favicon.svg');
    writeFileSync(file, source);
    const result = await runHerald(['page', 'set', '--favicon', file], env);
    expect(result.output).toContain('Favicon saved.');
    expect(result.code).toBe(0);
    let href = '';
    expect(
      await waitFor(async () => {
        const html = await (await fetch(`${herald.url}/`)).text();
        href = /<link rel="icon" href="(\/brand\/favicon\?v=\d+)" type="image\/svg\+xml"/.exec(html)?.[1] ?? '';
        return href !== '';
      }, 10_000),
    ).toBe(true);
    const login = await (await fetch(`${herald.url}/admin/login`)).text();
    expect(login).toContain(`<link rel="icon" href="${href}" type="image/svg+xml"`);
    const missing = await (await fetch(`${herald.url}/no-such-page`)).text();
    expect(missing).toContain(`<link rel="icon" href="${href}"`);

    const icon = await fetch(`${herald.url}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(icon.headers.get('content-security-policy')).toContain('sandbox');
    expect(await icon.text()).toBe(source);
    // Another version (an old link) is cached briefly only.
    expect((await fetch(`${herald.url}/brand/favicon?v=1`)).headers.get('cache-control')).toBe('public, max-age=300');

    expect((await runHerald(['page', 'set', '--favicon', ''], env)).output).toContain('Favicon removed.');
    expect((await fetch(`${herald.url}/brand/favicon`)).status).toBe(404);
  });

  it('`page set --time-zone` writes the public page\'s times in that zone, named', async () => {
    const result = await runHerald(['page', 'set', '--time-zone', 'Europe/Berlin'], env);
    expect(result.code).toBe(0);
    expect(
      await waitFor(async () => /<time datetime="[^"]+Z?" data-lt="f">[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} CES?T<\/time>/.test(await (await fetch(`${herald.url}/`)).text()), 10_000),
    ).toBe(true);
    await runHerald(['page', 'set', '--time-zone', 'Etc/UTC'], env);
    expect(await waitFor(async () => /data-lt="f">[^<]+ UTC<\/time>/.test(await (await fetch(`${herald.url}/`)).text()), 10_000)).toBe(true);
  });

  it('`page --help` explains the options', async () => {
    const result = await runHerald(['page', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.output).toContain('--support-url');
  });
});
