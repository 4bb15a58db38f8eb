import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');
const NPM_CHROMIUM = '@sparticuz/chromium';

/** The browser to drive, and the environment it needs on top of the test process's own. */
export interface ChromiumInstall {
  executablePath: string;
  /** Where it came from: `CHROMIUM_PATH` or `@sparticuz/chromium@<version>`. */
  source: string;
  env: Record<string, string>;
}

let fromNpm: Promise<ChromiumInstall> | undefined;

/**
 * `CHROMIUM_PATH` when it is set, otherwise the Chromium that `npm ci` installed (@sparticuz/chromium,
 * unpacked once per version into the temp folder). Never a system Chromium found by itself. A missing
 * browser throws, so the suites fail saying so rather than being skipped.
 */
export function findChromium(): Promise<ChromiumInstall> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) {
      return Promise.reject(new Error(`CHROMIUM_PATH is ${override}, which does not exist`));
    }
    return Promise.resolve({ executablePath: override, source: 'CHROMIUM_PATH', env: {} });
  }
  fromNpm ??= unpackNpmChromium();
  return fromNpm;
}

/** The child that unpacks: the package's own executablePath(), plus its bundled NSS libraries. */
const UNPACK_SCRIPT = `
const [entry, bin] = process.argv.slice(1);
const { default: chromium, inflate } = await import(entry);
const executablePath = await chromium.executablePath();
await inflate(bin + '/al2023.tar.br');
process.stdout.write(executablePath);
`;

async function unpackNpmChromium(): Promise<ChromiumInstall> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `Chromium not found: the npm Chromium (${NPM_CHROMIUM}) is a Linux x64 build and this is ` +
        `${process.platform}-${process.arch}; set CHROMIUM_PATH to a Chromium or Chrome`,
    );
  }
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(NPM_CHROMIUM);
  } catch {
    throw new Error(
      `Chromium not found: ${NPM_CHROMIUM} is not installed (it is a dev dependency: run npm ci), and CHROMIUM_PATH is not set`,
    );
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const source = `${NPM_CHROMIUM}@${version}`;
  // One folder per version and user, shared by every test process and clone on this machine. It
  // appears whole or not at all: the package unpacks into a private folder, then renamed into place.
  const dir = join(tmpdir(), `showtime-chromium-${version}-${process.getuid?.() ?? 0}`);
  const executablePath = join(dir, 'chromium');
  const libraryPath = join(dir, 'al2023', 'lib');
  if (!existsSync(executablePath)) {
    const staging = mkdtempSync(join(tmpdir(), `showtime-chromium-${version}-unpacking-`));
    try {
      // The package unpacks into os.tmpdir(), so the child gets TMPDIR=staging.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--input-type=module', '-e', UNPACK_SCRIPT, pathToFileURL(entry).href, join(packageDir, 'bin')],
        { env: { ...process.env, TMPDIR: staging }, maxBuffer: 1 << 20 },
      );
      if (stdout !== join(staging, 'chromium')) throw new Error(`it unpacked to ${stdout}, not into ${staging}`);
      try {
        renameSync(staging, dir);
      } catch (err) {
        // Another process unpacked the same version first: use its copy.
        if (!existsSync(executablePath)) throw err;
      }
    } catch (err) {
      throw new Error(`Chromium not found: unpacking ${source} into ${dir} failed: ${(err as Error).message}`);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!existsSync(libraryPath)) {
    throw new Error(`Chromium from ${source} in ${dir} is incomplete (no al2023/lib): remove that folder`);
  }
  // The package's NSS libraries first, so the browser does not depend on the system's libnss3.
  const ld = process.env.LD_LIBRARY_PATH;
  return { executablePath, source, env: { LD_LIBRARY_PATH: ld ? `${libraryPath}:${ld}` : libraryPath } };
}

/**
 * Headless Chromium with everything that would reach the internet or need a GPU turned off. Playwright
 * gives every launch a new empty profile (--user-data-dir in a temp folder) and removes it on close.
 */
export async function launchBrowser(): Promise<Browser> {
  const install = await findChromium();
  return chromium.launch({
    executablePath: install.executablePath,
    headless: true,
    env: { ...process.env, ...install.env },
    args: [
      '--no-sandbox', // the tests run as root in CI
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Saves a screenshot as test-artifacts/screenshots/<name>.png and returns its path: the full page, or
 * with `fullPage: false` what the window shows (a phone's screen, with what is docked to it).
 */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}
