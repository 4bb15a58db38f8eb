import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/cli/api/client.js';
import { whenNotBusy } from '../../src/cli/commands/queue.js';
import { ApiProblem } from '../../src/cli/errors.js';

const problem = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, code: status === 503 ? 'overloaded' : 'room_not_open', title: 'No' }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('terminal client: queue <show> while the server sheds load', () => {
  it("reads the server's Retry-After into the problem", async () => {
    const answers = [problem(503, { 'retry-after': '7' }), problem(503), problem(409)];
    const api = createApiClient({ baseUrl: 'http://showtime.test', token: 't', fetch: async () => answers.shift()! });
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await api.joinQueue('s1').catch((err: unknown) => err));
    expect(errors.map((e) => e instanceof ApiProblem && [e.status, e.retryAfterMs])).toEqual([
      [503, 7000],
      [503, null],
      [409, null],
    ]);
  });

  it('tries a shed join or poll again after Retry-After (never sooner, up to half again later), and gives up on anything else', async () => {
    const waits: number[] = [];
    const told: number[] = [];
    let calls = 0;
    const busy = () => new ApiProblem(503, 'overloaded', 'Busy', undefined, [], 4000);
    const ticket = await whenNotBusy(
      async () => {
        calls++;
        if (calls < 3) throw busy();
        return 'ticket';
      },
      (_err, ms) => told.push(ms),
      async (ms) => waits.push(ms),
    );
    expect(ticket).toBe('ticket');
    expect(waits).toHaveLength(2);
    expect(told).toEqual(waits);
    for (const ms of waits) {
      expect(ms).toBeGreaterThanOrEqual(4000);
      expect(ms).toBeLessThanOrEqual(6000);
    }

    // A rate limit without Retry-After waits the client's own 3 s; a refusal that is no "later" is not retried.
    const limited: number[] = [];
    let first = true;
    await whenNotBusy(
      async () => {
        if (first) {
          first = false;
          throw new ApiProblem(429, 'rate_limited', 'Slow down');
        }
      },
      () => {},
      async (ms) => limited.push(ms),
    );
    expect(limited[0]).toBeGreaterThanOrEqual(3000);
    const notOpen = new ApiProblem(409, 'room_not_open', 'Not open');
    const none: number[] = [];
    await expect(
      whenNotBusy(
        async () => {
          throw notOpen;
        },
        () => {},
        async (ms) => none.push(ms),
      ),
    ).rejects.toBe(notOpen);
    expect(none).toEqual([]);

    // A server that never stops refusing ends the command in the end, with its refusal.
    let tries = 0;
    await expect(
      whenNotBusy(
        async () => {
          tries++;
          throw busy();
        },
        () => {},
        async () => {},
      ),
    ).rejects.toBeInstanceOf(ApiProblem);
    expect(tries).toBe(20);
  });
});
