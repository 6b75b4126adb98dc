import { type Browser, chromium } from 'playwright';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';

/**
 * Debian's Chromium, headless, through Playwright. Under the e2e config every file
 * connects to the one browser the global setup launched (closing the connection
 * closes only that file's contexts); elsewhere (a bench script) it launches its own.
 */
export function launchBrowser(): Promise<Browser> {
  const endpoint = inject('browserWsEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}
