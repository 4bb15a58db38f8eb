import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface Modules {
  ApiProblem: new (
    status: number,
    body: unknown,
    retryAfter?: string | null,
  ) => Error & { retryAfterMs: number | null };
  retryDelayMs(err: unknown, fallbackMs: number, random?: () => number): number;
  followTicket(
    showId: string,
    ticketId: string,
    follower: { onTicket(view: { status: string }): boolean | void; onGone(err: unknown): void },
  ): { stop(): void };
}

// Browser modules (checked by tsconfig.client.json), loaded by path so the server's type check leaves them out.
const apiPath: string = '../../src/http/web/assets/js/api.js';
const roomPath: string = '../../src/http/web/assets/js/room.js';
const { ApiProblem } = (await import(apiPath)) as Pick<Modules, 'ApiProblem'>;
const { retryDelayMs, followTicket } = (await import(roomPath)) as Omit<Modules, 'ApiProblem'>;

const overloaded = () =>
  new Response(JSON.stringify({ status: 503, code: 'overloaded', detail: 'busy' }), {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '4' },
  });

describe('the queue page retries a refused request when the server says', () => {
  it('reads Retry-After as seconds or a date, and waits at least that long plus up to half again', () => {
    const shed = new ApiProblem(503, { code: 'overloaded' }, '4');
    expect(shed.retryAfterMs).toBe(4000);
    expect(retryDelayMs(shed, 3000, () => 0)).toBe(4000);
    expect(retryDelayMs(shed, 3000, () => 0.999)).toBe(5998);
    const at = new Date(Date.now() + 60_000).toUTCString();
    expect(new ApiProblem(503, null, at).retryAfterMs).toBeGreaterThan(55_000);
    // Without one (or not from the server at all): the caller's own pause, with the same spread.
    expect(new ApiProblem(503, null).retryAfterMs).toBeNull();
    expect(new ApiProblem(503, null, 'soon').retryAfterMs).toBeNull();
    expect(retryDelayMs(new ApiProblem(503, null), 3000, () => 0.5)).toBe(3750);
    expect(retryDelayMs(new Error('network'), 3000, () => 0)).toBe(3000);
  });

  describe('following a ticket', () => {
    const calls: { url: string; at: number }[] = [];
    let answers: (() => Response)[] = [];

    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      calls.length = 0;
      vi.stubGlobal('localStorage', { getItem: () => null, setItem() {}, removeItem() {} });
      vi.stubGlobal(
        'fetch',
        vi.fn(async (url: string) => {
          calls.push({ url, at: Date.now() });
          const answer = answers.shift();
          if (!answer) throw new Error(`unexpected request ${url}`);
          return answer();
        }),
      );
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
    });
    afterEach(() => {
      vi.useRealTimers();
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    });

    async function untilCalls(n: number) {
      for (let waited = 0; calls.length < n && waited < 30_000; waited += 100) await vi.advanceTimersByTimeAsync(100);
      expect(calls.length).toBe(n);
    }

    it('does not ask again, by stream or long poll, before the Retry-After of a shed request', async () => {
      const admitted = { ticketId: '7', status: 'admitted', admissionToken: 't' };
      answers = [overloaded, overloaded, () => Response.json(admitted)];
      const seen: string[] = [];
      followTicket('s1', '7', { onTicket: (v) => (seen.push(v.status), false), onGone: () => seen.push('gone') });

      await untilCalls(3);
      expect(calls[0]!.url).toBe('/api/shows/s1/queue/7/events');
      expect(calls[1]!.url).toMatch(/^\/api\/shows\/s1\/queue\/7\?waitSeconds=0$/);
      // Retry-After 4 s, and half of half again at random (0.5): 5 s each time, never the fixed 3 s.
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(5000);
      expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(5000);
      await vi.advanceTimersByTimeAsync(0);
      expect(seen).toEqual(['admitted']);
    });
  });
});
