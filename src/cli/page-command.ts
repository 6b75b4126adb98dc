import { readFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { savePageFaviconUseCase } from '../settings/save-page-favicon.ts';
import { savePageLogoUseCase } from '../settings/save-page-logo.ts';
import { savePageSettings } from '../settings/save-page-settings.ts';
import { CLI_ACTOR } from '../users/audit.ts';
import { openCliServices } from './cli-services.ts';
import { type Command, type CommandIo, commandWithOptions, consoleIo, readSubcommand } from './command.ts';

const USAGE = `herald page set [--name N] [--description D] [--url URL] [--support-url URL]
                [--time-zone ZONE] [--language en|de|fr|es] [--accent #RRGGBB] [--footer-link "Label | URL"]...
                [--logo FILE.png] [--favicon FILE.png|FILE.svg]

  Changes the public page's settings; options left out keep their value, and an
  empty value ("") clears an optional one. The public page shows the change within
  seconds (every server polls for changes).

  --name          company or product name; the page is titled "<name> Status"
  --description   one sentence for search engines and link previews
  --url           company website, linked from the header
  --support-url   where customers get help (header and footer)
  --time-zone     IANA zone for displayed dates, e.g. Europe/Berlin
  --language      the page's default language (en, de, fr, es), for readers
                  whose browser asks for none of them
  --accent        #RRGGBB; refused when it fails WCAG AA contrast (white text on
                  it 4.5:1, it against the light and dark page 3:1)
  --footer-link   "Label | https://…", repeatable; replaces all footer links
  --logo          a PNG (up to 256 KB, 2048 px a side), also the favicon
                  unless one is set; --logo "" removes it. SVG is refused:
                  it can carry scripts.
  --favicon       the tab icon: a PNG (up to 512 px a side) or a plain SVG
                  (shapes only), at most 64 KB; --favicon "" removes it.`;

/** What the command needs from its surroundings, so tests can run it in-process. */
export type PageCommandIo = CommandIo;

const OPTION_FIELDS: Record<string, string> = {
  name: 'name',
  description: 'description',
  url: 'companyUrl',
  'support-url': 'supportUrl',
  'time-zone': 'timeZone',
  language: 'language',
  accent: 'accent',
};
const FIELD_OPTIONS: Record<string, string> = { ...Object.fromEntries(Object.entries(OPTION_FIELDS).map(([o, f]) => [f, o])), footerLinks: 'footer-link' };

/** Runs `herald page …` with its arguments (after "page"); returns the exit code. */
export async function runPageCommand(args: string[], config: Config, io: PageCommandIo): Promise<number> {
  const read = readSubcommand(
    'page',
    USAGE,
    ['set'] as const,
    args,
    {
      ...Object.fromEntries(Object.keys(OPTION_FIELDS).map((option) => [option, { type: 'string' as const }])),
      'footer-link': { type: 'string', multiple: true },
      logo: { type: 'string' },
      favicon: { type: 'string' },
    },
    io,
  );
  if (typeof read === 'number') return read;
  const { values } = read;
  const input: Record<string, unknown> = {};
  for (const [option, field] of Object.entries(OPTION_FIELDS)) {
    const value = (values as Record<string, unknown>)[option];
    if (typeof value === 'string') input[field] = value;
  }
  const links = values['footer-link'];
  if (Array.isArray(links)) input['footerLinks'] = links.filter((l): l is string => typeof l === 'string' && l.trim() !== '').join('\n');
  let logo: Uint8Array | null | undefined;
  if (typeof values.logo === 'string') {
    try {
      logo = values.logo === '' ? null : new Uint8Array(await readFile(values.logo));
    } catch (error) {
      io.error(`herald page set: --logo: cannot read ${values.logo} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      return 1;
    }
  }
  let favicon: Uint8Array | null | undefined;
  if (typeof values.favicon === 'string') {
    try {
      favicon = values.favicon === '' ? null : new Uint8Array(await readFile(values.favicon));
    } catch (error) {
      io.error(`herald page set: --favicon: cannot read ${values.favicon} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      return 1;
    }
  }
  if (Object.keys(input).length === 0 && logo === undefined && favicon === undefined) {
    io.error('herald page set: give at least one option to change. Run "herald page --help".');
    return 2;
  }

  const { services, close } = await openCliServices(config);
  try {
    if (logo !== undefined) {
      const saved = await savePageLogoUseCase(services, CLI_ACTOR, logo);
      if (!saved.ok) {
        io.error(`herald page set: --logo: ${saved.errors['logo'] ?? Object.values(saved.errors)[0]}`);
        return 1;
      }
      io.log(saved.value.removed ? 'Logo removed.' : 'Logo saved.');
    }
    if (favicon !== undefined) {
      const saved = await savePageFaviconUseCase(services, CLI_ACTOR, favicon);
      if (!saved.ok) {
        io.error(`herald page set: --favicon: ${saved.errors['favicon'] ?? Object.values(saved.errors)[0]}`);
        return 1;
      }
      io.log(saved.value.removed ? 'Favicon removed.' : 'Favicon saved.');
    }
    if (Object.keys(input).length === 0) return 0;
    const result = await savePageSettings(services, CLI_ACTOR, input);
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.errors)) io.error(`herald page set: --${FIELD_OPTIONS[field] ?? field}: ${message}`);
      return 1;
    }
    const page = result.value;
    io.log(`Page settings saved: ${page.name}${page.accent ? `, accent ${page.accent}` : ''}, time zone ${page.timeZone}, language ${page.language}.`);
    return 0;
  } finally {
    await close();
  }
}

/** `herald page …`, an entry of COMMANDS in run-cli.ts. */
export const pageCommand: Command = commandWithOptions('page', 'Change the public page: name, description, links, time zone, accent colour, logo, favicon.', USAGE, (args, config) => runPageCommand(args, config, consoleIo));
