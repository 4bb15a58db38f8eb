// My account: points, tier, the way to the next tier, and what every change of the balance was for.
import type { z } from '@hono/zod-openapi';
import type { PasswordResetQueued, VerificationSent } from '../../../../schemas/auth.js';
import type { LoyaltyView } from '../../../../schemas/loyalty.js';
import type { Me, TokenResponse } from '../api-types.js';
import { api, ApiProblem, setToken } from '../api.js';
import { fieldError, fill, h } from '../dom.js';
import { accountIds } from '../element-ids.js';
import { element } from '../elements.js';
import { capitalize, dateTime, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';

// Points earned over the last year that each tier starts at (the API's LoyaltyView documents them).
type Loyalty = z.infer<typeof LoyaltyView>;
type LedgerEntry = Loyalty['ledger'][number];

const tierThresholds: Partial<Record<Loyalty['tier'], number>> = { silver: 1000, gold: 5000 };

const kindLabels: Record<LedgerEntry['kind'], string> = {
  earn: 'Earned',
  earn_reversed: 'Earned points taken back',
  redeem: 'Spent at checkout',
  redeem_released: 'Given back: the payment did not go through',
  redeem_returned: 'Given back with a refund',
  adjust: 'Adjustment',
};

function progress(loyalty: Loyalty) {
  const box = element(accountIds.tierProgress);
  const next = loyalty.nextTier;
  if (!next) {
    fill(box, h('p', {}, 'You are in the top tier. Thank you!'));
    return;
  }
  const threshold = tierThresholds[next.tier];
  const earned = threshold ? Math.max(0, threshold - next.pointsNeeded) : 0;
  const label = `${plural(next.pointsNeeded, 'more point')} to ${capitalize(next.tier)}`;
  fill(
    box,
    h('p', { id: 'progress-label' }, label),
    threshold
      ? h('progress', {
          max: threshold,
          value: earned,
          'aria-labelledby': 'progress-label',
          'aria-valuetext': `${earned} of ${threshold} points earned this year`,
        })
      : null,
    h('p', { class: 'meta' }, 'Tiers count the points you earned in the last 12 months.'),
  );
}

function deltaCell(delta: number) {
  const text = delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
  return h('td', { class: `num ${delta >= 0 ? 'delta-plus' : 'delta-minus'}` }, text);
}

function ledgerRow(entry: LedgerEntry) {
  const what = kindLabels[entry.kind] ?? entry.kind;
  return h(
    'tr',
    {},
    h('td', {}, h('time', { datetime: entry.createdAt }, dateTime(entry.createdAt))),
    deltaCell(entry.delta),
    h('td', {}, entry.note ? `${what} · ${entry.note}` : what),
    h(
      'td',
      {},
      entry.bookingId ? h('a', { href: `/bookings/${encodeURIComponent(entry.bookingId)}` }, 'Open booking') : '—',
    ),
  );
}

async function signOutEverywhere() {
  const status = element(accountIds.sessionsStatus);
  try {
    await api('/api/auth/logout-everywhere', { method: 'POST' });
  } catch (err) {
    status.textContent = problemMessage(err);
    return;
  }
  setToken(null);
  location.assign('/');
}

/** Until the address is confirmed, says so and offers the link again. */
function offerVerification(user: Me) {
  if (user.emailVerified) return;
  element(accountIds.verifyAddress).textContent = user.email;
  element(accountIds.verifyEmail).hidden = false;
  const button = element(accountIds.sendVerification, HTMLButtonElement);
  button.addEventListener('click', async () => {
    const status = element(accountIds.verifyStatus);
    button.disabled = true;
    try {
      const { email } = await api<z.infer<typeof VerificationSent>>('/api/me/email/verification', { method: 'POST' });
      status.textContent = `Sent to ${email}. Open the link in it to confirm.`;
    } catch (err) {
      button.disabled = false;
      status.textContent = problemMessage(err);
    }
  });
}

/** The change form for an account with a password, else the way to its first one: a reset link. */
function passwordSection(user: Me) {
  if (!user.hasPassword) {
    element(accountIds.passwordSet).hidden = false;
    const button = element(accountIds.sendPasswordLink, HTMLButtonElement);
    button.addEventListener('click', async () => {
      const status = element(accountIds.passwordLinkStatus);
      button.disabled = true;
      try {
        const { email } = await api<z.infer<typeof PasswordResetQueued>>('/api/auth/password-reset', {
          method: 'POST',
          body: { email: user.email },
        });
        status.textContent = `Sent to ${email}. Open the link in it to choose your password.`;
      } catch (err) {
        button.disabled = false;
        status.textContent = problemMessage(err);
      }
    });
    return;
  }
  element(accountIds.passwordChange).hidden = false;
  const form = element(accountIds.passwordForm, HTMLFormElement);
  const input = (name: string) => {
    const field = form.elements.namedItem(name);
    if (!(field instanceof HTMLInputElement)) throw new Error(`the password form has no ${name}`);
    return field;
  };
  const current = input('currentPassword');
  const next = input('newPassword');
  const button = form.querySelector('button[type=submit]');
  if (!(button instanceof HTMLButtonElement)) throw new Error('the password form has no button');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = element(accountIds.passwordStatus);
    fieldError(current, null);
    fieldError(next, null);
    button.disabled = true;
    try {
      const signedIn = await api<TokenResponse>('/api/me/password', {
        method: 'POST',
        body: { currentPassword: current.value, newPassword: next.value },
      });
      // The change ended every sign-in, this one too: carry on with the new one.
      setToken(signedIn.token, signedIn.refreshToken);
      form.reset();
      status.textContent = 'Password changed. Your other devices are signed out.';
    } catch (err) {
      const problem = err instanceof ApiProblem ? err : null;
      for (const fe of problem?.errors ?? []) if (fe.path === 'newPassword') fieldError(next, fe.message);
      // The site's general wording ("Email or password is wrong") is for logins: here only one was typed.
      if (problem?.code === 'invalid_credentials') {
        fieldError(current, problem.detail);
        status.textContent = problem.detail;
      } else {
        status.textContent = problemMessage(err);
      }
    } finally {
      button.disabled = false;
    }
  });
}

async function main() {
  const user = await requireUser();
  offerVerification(user);
  passwordSection(user);
  element(accountIds.logoutEverywhere).addEventListener('click', signOutEverywhere);
  const status = element(accountIds.accountStatus);
  status.textContent = 'Loading…';
  let loyalty: Loyalty;
  try {
    loyalty = await api<Loyalty>('/api/me/loyalty');
  } catch (err) {
    status.textContent = problemMessage(err);
    return;
  }
  status.textContent = '';
  element(accountIds.pointsTotal).textContent = new Intl.NumberFormat().format(loyalty.points);
  element(accountIds.pointsTier).textContent = capitalize(loyalty.tier);
  const rate = new Intl.NumberFormat().format(loyalty.earnRate);
  const pending =
    loyalty.pendingPoints > 0
      ? ` ${new Intl.NumberFormat().format(loyalty.pendingPoints)} more count once their bookings can no longer be refunded.`
      : '';
  element(accountIds.pointsRate).textContent =
    `You earn ${rate} point${loyalty.earnRate === 1 ? '' : 's'} for every 1.00 you pay, ` +
    `spent in the currency you paid in (${loyalty.currency} here).${pending}`;
  progress(loyalty);
  fill(element(accountIds.ledgerRows), loyalty.ledger.map(ledgerRow));
  element(accountIds.ledgerStatus).textContent =
    loyalty.ledger.length === 0 ? 'No points yet: your bookings earn them.' : '';
}

main();
