import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findChromium, launchBrowser } from './browser.js';

// The browser comes with `npm ci`; CHROMIUM_PATH overrides it; a missing one fails, never skips.
describe('the browser the web suites drive', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the Chromium from npm unless CHROMIUM_PATH is set, and it renders a page', async () => {
    vi.stubEnv('CHROMIUM_PATH', undefined);
    const install = await findChromium();
    expect(install.source).toMatch(/^@sparticuz\/chromium@\d+\./);
    expect(install.executablePath.startsWith(join(tmpdir(), 'showtime-chromium-'))).toBe(true);
    const browser = await launchBrowser();
    try {
      // @sparticuz/chromium's major version is its Chromium's major version.
      expect(browser.version().split('.')[0]).toBe(install.source.split('@')[2]!.split('.')[0]);
      const page = await browser.newPage();
      await page.setContent('<button onclick="this.textContent = \'clicked\'">go</button>');
      await page.click('button');
      expect(await page.textContent('button')).toBe('clicked');
    } finally {
      await browser.close();
    }
  });

  it('fails naming CHROMIUM_PATH when it points at nothing', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');
    await expect(findChromium()).rejects.toThrow('CHROMIUM_PATH is /nonexistent/chromium, which does not exist');
    await expect(launchBrowser()).rejects.toThrow('CHROMIUM_PATH');
  });
});
