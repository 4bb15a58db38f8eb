import { goodCard, type CallResult, type TestApp } from './harness.js';

/** Set-up steps many HTTP suites share: they fail loudly, so a broken step never passes as the behaviour under test. */

/** An amount in euros as the API writes money. */
export const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Places a hold (`{seats}` or `{quantity, ...}`) and returns its id. */
export async function hold(t: TestApp, token: string, showId: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body });
  if (res.status !== 201) throw new Error(`hold failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.holdId as string;
}

/** Holds what `holdBody` asks for and pays with the good card: the confirm answer (booking id, seats, tickets, money) and `holdId`. */
export async function book(
  t: TestApp,
  token: string,
  showId: string,
  holdBody: Record<string, unknown> = { quantity: 1 },
): Promise<CallResult['body']> {
  const holdId = await hold(t, token, showId, holdBody);
  const paid = await t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
    token,
    body: { payment: goodCard },
  });
  if (paid.status !== 201) throw new Error(`confirm failed: ${paid.status} ${JSON.stringify(paid.body)}`);
  return { holdId, ...paid.body };
}

/** A new customer who has booked what `holdBody` asks for. */
export async function newCustomerBooking(t: TestApp, showId: string, holdBody?: Record<string, unknown>) {
  const customer = await t.register();
  return { ...customer, ...(await book(t, customer.token, showId, holdBody)) };
}
