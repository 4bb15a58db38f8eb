import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { goodCard } from '../http/harness.js';
import { runCli, startCliServer, startPipedMenu, type CliServer, type Conversation } from './harness.js';

describe('terminal client: the assistant', { timeout: 90_000 }, () => {
  let server: CliServer;
  let showId: string;
  let convo: Conversation | undefined;

  const cli = (args: string[], configPath: string, input?: string) =>
    runCli(['--url', server.url, ...args], { configPath, input });

  beforeAll(async () => {
    server = await startCliServer();
    // Rows A (premium) and B (regular) of five seats, 25.00 EUR each, a week from now.
    showId = await server.app.createShow();
  });

  afterEach(() => {
    convo?.kill();
    convo = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('ask <question...> prints the reply and its next steps as URLs and commands to run', async () => {
    const cfg = join(server.dir, 'anonymous.json');
    const r = await cli(['ask', 'seats', 'left', 'for', showId], cfg);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Test Concert (${showId})`);
    expect(r.stdout).toContain('10 of 10 seats left (premium: 5 at €25.00; regular: 5 at €25.00)');
    expect(r.stdout).toContain('Next steps:');
    expect(r.stdout).toContain(`${server.url}/shows/${showId}`);
    expect(r.stdout).toContain(`showtime book ${showId} 2`);
    expect(r.stdout).not.toContain('/api/');

    // A listed show's line carries its page, and is not repeated among the next steps.
    const listing = await cli(['ask', "what's", 'on'], cfg);
    expect(listing.code).toBe(0);
    const line = listing.stdout.split('\n').find((l) => l.startsWith('- ') && l.includes(`/shows/${showId}`));
    expect(line).toMatch(new RegExp(`^- .*: Test Concert at .*  ${server.url}/shows/${showId}$`));
    expect(listing.stdout.split('\n').filter((l) => l.includes(`/shows/${showId}`))).toHaveLength(1);

    const json = await cli(['ask', 'how do I pay?', '--json'], cfg);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ intent: 'how_to_pay', reply: expect.stringContaining('4242') });

    const usage = await cli(['ask'], cfg);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: ask <question...>');
  });

  it('personalises the answer with the saved login', async () => {
    const customer = await server.app.register('Cli Asker');
    const hold = await server.app.call('POST', `/api/shows/${showId}/holds`, {
      token: customer.token,
      body: { quantity: 2 },
    });
    const booked = await server.app.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token: customer.token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);

    const cfg = join(server.dir, 'asker.json');
    expect((await cli(['login', customer.email], cfg, 'correct horse\n')).code).toBe(0);
    const mine = await cli(['ask', 'my', 'bookings'], cfg);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toContain('Cli Asker, your upcoming booking:');
    expect(mine.stdout).toContain('Test Concert at Test Hall (Testville), 2 seats');

    const anonymous = await cli(['ask', 'my', 'bookings'], join(server.dir, 'nobody.json'));
    expect(anonymous.stdout).toContain('once you are logged in');
  });

  it('the menu has "Ask the assistant": questions until an empty line goes back', async () => {
    const c = (convo = startPipedMenu(server.url, join(server.dir, 'menu-ask.json')));
    await c.expect('Ask the assistant');
    await c.expect('Choose 1-9: ');
    c.send('Ask the assistant\n');
    await c.expect('? Your question (empty to go back): ');
    c.send('how do I pay?\n');
    await c.expect('4242 4242 4242 4242');
    await c.expect('? Your question (empty to go back): ');
    c.send(`is ${showId} sold out?\n`);
    await c.expect('8 of 10 seats left');
    await c.expect('? Your question (empty to go back): ');
    c.send('\n');
    await c.expect('Choose 1-9: ');
    c.send('Quit\n');
    await c.expect('Bye.');
    expect(await c.finish()).toBe(0);
  });
});
