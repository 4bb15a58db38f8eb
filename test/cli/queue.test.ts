import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliServer, type CliServer } from './harness.js';

describe('terminal client: queue <show> in front of a waiting room', { timeout: 120_000 }, () => {
  let server: CliServer;
  let showId: string;
  let adminToken: string;

  const cli = (args: string[], configPath: string) => runCli(['--url', server.url, ...args], { configPath });

  /** A customer whose login is already in their own config file. */
  async function customer(name: string) {
    const user = await server.app.register(name);
    const configPath = join(server.dir, `${user.userId}.json`);
    await writeFile(configPath, JSON.stringify({ url: server.url, token: user.token, email: user.email }));
    return { ...user, configPath };
  }

  /** Generous: the command's process starts slowly on a busy machine. */
  async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    server = await startCliServer();
    showId = await server.app.createShow();
    adminToken = await server.app.adminToken();
    const opened = new Date(Date.now() - 1000).toISOString();
    const room = await server.app.call('PUT', `/api/admin/shows/${showId}/room`, {
      token: adminToken,
      body: { preQueueAt: opened, salesOpenAt: opened, method: 'fifo', maxActive: 1, admitPerMinute: 60 },
    });
    expect(room.status).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('help lists queue', async () => {
    const help = await cli(['help'], join(server.dir, 'help.json'));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('queue <showId>');
  });

  it('follows the place until the turn comes, saves the token, and book sends it; without one a hold is refused', async () => {
    // Ann takes the only active place first, through the API.
    const ann = await customer('Ann Api');
    const joined = await server.app.call('POST', `/api/shows/${showId}/queue`, { token: ann.token });
    expect(joined.status).toBe(201);
    const annTicket = await until(
      async () =>
        (await server.app.call('GET', `/api/shows/${showId}/queue/${joined.body.ticketId}`, { token: ann.token })).body,
      (t) => t.status === 'admitted',
    );
    expect(annTicket.status).toBe('admitted');

    // Bob queues in the terminal behind her; the command runs until his turn.
    const bob = await customer('Bob Cli');
    const running = cli(['queue', showId], bob.configPath);
    const room = await until(
      async () => (await server.app.call('GET', `/api/shows/${showId}/room`)).body,
      (r) => r.queued === 1,
    );
    expect(room).toMatchObject({ queued: 1, active: 1 });
    const revoked = await server.app.call('POST', `/api/admin/shows/${showId}/room/revoke`, {
      token: adminToken,
      body: { userId: ann.userId },
    });
    expect(revoked.status).toBe(200);

    const queued = await running;
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    expect(queued.stdout).toContain('Waiting room for Test Concert');
    expect(queued.stdout).toContain('Position 1 (nobody ahead, you are next)');
    expect(queued.stdout).toMatch(/It is your turn until \d{4}-\d\d-\d\d \d\d:\d\d UTC \((9|10) min \d+ s left\)\./);
    expect(queued.stdout).toContain(`Next: showtime book ${showId} <count>   (or: showtime seats ${showId})`);
    const saved = JSON.parse(await readFile(bob.configPath, 'utf8'));
    expect(saved.admissions[showId].token).toEqual(expect.any(String));
    expect(Date.parse(saved.admissions[showId].turnEndsAt)).toBeGreaterThan(Date.now());

    const booked = await cli(['book', showId, '1'], bob.configPath);
    expect(booked.stderr).not.toContain('queue_required');
    expect(booked.code).toBe(0);
    expect(booked.stdout).toContain('Booked 1 ticket for Test Concert');

    // Carl never queued: his hold is refused, with the way in.
    const carl = await customer('Carl Skip');
    const refused = await cli(['book', showId, '1'], carl.configPath);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403 queue_required');
    expect(refused.stderr).toContain('run showtime queue <showId> first');
  });

  it('a show without a room, or whose room opens later: queue says so instead of a bare refusal', async () => {
    const plain = await server.app.createShow();
    const later = await server.app.createShow();
    const hour = 3_600_000;
    const room = await server.app.call('PUT', `/api/admin/shows/${later}/room`, {
      token: adminToken,
      body: {
        preQueueAt: new Date(Date.now() + hour).toISOString(),
        salesOpenAt: new Date(Date.now() + 2 * hour).toISOString(),
        maxActive: 10,
        admitPerMinute: 100,
      },
    });
    expect(room.status).toBe(200);
    const dee = await customer('Dee Direct');
    const [none, notYet] = await Promise.all([
      cli(['queue', plain], dee.configPath),
      cli(['queue', later], dee.configPath),
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Test Concert has no waiting room: book straight away.');
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toMatch(/^The waiting room for Test Concert opens at .+; sales open at .+\.$/m);
  });
});
