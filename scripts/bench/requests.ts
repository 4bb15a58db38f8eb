/** The three requests of the workload, as the API.md contract words them, for any of the servers. */
import type { SeatLedger } from './seat-ledger.js';
import type { Server } from './servers.js';

const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };

export type Held = { holdId: string; release: (at: number) => void };
/** A hold, or the refusal code (an HTTP status or a network error when there is no code). */
export type HoldResult = Held | { refused: string };

export async function hold(
  server: Server,
  showId: string,
  auth: string,
  ledger: SeatLedger,
  quantity: number,
): Promise<HoldResult> {
  try {
    const res = await server.client('POST', `/api/shows/${showId}/holds`, { quantity }, { authorization: auth });
    if (res.status !== 201) return { refused: res.body?.code ?? String(res.status) };
    return { holdId: res.body.holdId, release: ledger.held(res.body.seats, performance.now()) };
  } catch (err) {
    return { refused: `error:${(err as NodeJS.ErrnoException).code ?? 'unknown'}` };
  }
}

/** Releases a hold; true on 204. The ledger's span ends when the request is sent. */
export async function release(server: Server, showId: string, auth: string, held: Held): Promise<boolean> {
  held.release(performance.now());
  try {
    const res = await server.client('DELETE', `/api/shows/${showId}/holds/${held.holdId}`, undefined, {
      authorization: auth,
    });
    return res.status === 204;
  } catch {
    return false;
  }
}

/** Pays a hold with the test card: null when booked, else why not. */
export async function confirm(server: Server, showId: string, auth: string, held: Held): Promise<string | null> {
  try {
    const path = `/api/shows/${showId}/holds/${held.holdId}/confirm`;
    const res = await server.client('POST', path, { payment: card }, { authorization: auth });
    return res.status === 201 ? null : `confirm:${res.body?.code ?? res.status}`;
  } catch (err) {
    return `confirm:error:${(err as NodeJS.ErrnoException).code ?? 'unknown'}`;
  }
}
