import { type Browser, chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';

/** Launches Debian's Chromium headless through Playwright. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}
