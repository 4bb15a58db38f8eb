import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCategoryLayout } from '../http/harness.js';
import { cliEnv, projectRoot, runCli, startCliServer, type CliResult, type CliServer } from './harness.js';

/** The command as a user types it in a clone after `npm ci`: npx finds the package's own bin. */
function npxShowtime(args: string[], configPath: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'showtime', ...args], {
      cwd: projectRoot,
      env: cliEnv(configPath),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `showtime ...` command a hint names, e.g. `Run: showtime login <email>` -> ['login', '<email>']. */
function hinted(text: string): string[] {
  const match = /showtime ((?:[\w-]+|<[\w-]+>)(?: (?:[\w-]+|<[\w-]+>))*)/.exec(text);
  expect(match, `a showtime command in: ${text}`).not.toBeNull();
  return match![1]!.split(' ');
}

describe('the showtime command', { timeout: 120_000 }, () => {
  let server: CliServer;
  let config: string;

  beforeAll(async () => {
    server = await startCliServer();
    config = join(server.dir, 'config.json');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('exists: npx showtime runs the client, and the hints it prints name commands it has', async () => {
    const help = await npxShowtime(['help'], config);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: showtime [--url URL]');

    // The hints, run as `showtime <hinted>` is: the same program as npx runs, without npx's start-up.
    const unknown = await runCli(['--url', server.url, 'frobnicate'], { configPath: config });
    expect(unknown.code).toBe(2);
    expect(hinted(unknown.stderr)).toEqual(['help']);

    // Not logged in: the hint's command, with its placeholder filled in, logs in.
    const customer = await server.app.register('Hinted Customer');
    const notLoggedIn = await runCli(['--url', server.url, 'bookings'], { configPath: config });
    expect(notLoggedIn.code).not.toBe(0);
    const login = hinted(notLoggedIn.stderr).map((w) => (w === '<email>' ? customer.email : w));
    expect(login).toEqual(['login', customer.email]);
    const loggedIn = await runCli(['--url', server.url, ...login, '--password', 'correct horse'], {
      configPath: config,
    });
    expect(loggedIn.code).toBe(0);
    expect((await runCli(['--url', server.url, 'bookings'], { configPath: config })).code).toBe(0);
  });

  it('prints the ticket page of a booking, which a browser opens without a token', async () => {
    const showId = await server.app.createShow({ layout: oneCategoryLayout });
    const customer = await server.app.register('Ticket Page Customer');
    const own = join(server.dir, 'ticket-page.json');
    expect(
      (await runCli(['--url', server.url, 'login', customer.email, '--password', 'correct horse'], { configPath: own }))
        .code,
    ).toBe(0);
    const booked = await runCli(['--url', server.url, 'book', showId, '2'], { configPath: own });
    expect(booked.code).toBe(0);
    const bookingId = /Booking\s+(\S+)/.exec(booked.stdout)![1]!;
    const link = /Ticket page\s+(\S+)/.exec(booked.stdout)?.[1];
    expect(link).toBe(`${server.url}/bookings/${bookingId}`);
    expect(booked.stdout).not.toContain('/qr');
    // As a browser asks for it: no Authorization header. The page itself fetches the QR after login.
    const page = await fetch(link!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(`data-booking-id="${bookingId}"`);
  });
});
