import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer, type SiteServer } from '../web/site-server.js';

/** The README's "Try it" block as a reader copies it, pointed at this test's server. */
function tryItBlock(url: string): string {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const block = /## Try it\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, 'a sh block under "## Try it"').toBeDefined();
  expect(block).toContain('B=http://localhost:3000\n');
  return block!.replace('B=http://localhost:3000\n', `B=${url}\n`);
}

let site: SiteServer;
beforeAll(async () => {
  site = await startSiteServer({ demo: true });
});
afterAll(async () => {
  await site?.close();
});

describe('README "Try it"', () => {
  it('books two seats every time it is run: the second run logs Ada in instead of registering her', async () => {
    const script = tryItBlock(site.url);
    const bookings: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const { stdout } = await promisify(execFile)('bash', ['-c', script], { timeout: 30_000 });
      const booking = /"bookingId":\s*"([^"]+)"/.exec(stdout)?.[1];
      expect(booking, `run ${run} books:\n${stdout}`).toBeDefined();
      expect(stdout).toMatch(/"status":\s*"confirmed"/);
      bookings.push(booking!);
    }
    expect(new Set(bookings).size).toBe(2);
  }, 90_000);
});
