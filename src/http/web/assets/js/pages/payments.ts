// Payments: what was charged, how the total came about, and the refunds of each.
import type { z } from '@hono/zod-openapi';
import type { PaymentRecordList, PaymentRecordView } from '../../../../schemas/payments.js';
import type { ShowDetails } from '../api-types.js';
import { api } from '../api.js';
import { fill, h } from '../dom.js';
import { paymentsIds } from '../element-ids.js';
import { element } from '../elements.js';
import { capitalize, dateTime, money, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';
import { showInfo } from '../show-info.js';

type Payment = z.infer<typeof PaymentRecordView>;

const methodLabels: Record<string, string> = { card: 'Card', paypal: 'PayPal' };

function breakdown(p: Payment) {
  const from: string[] = [];
  if (p.promoCode) from.push(`code ${p.promoCode}`);
  if (p.pointsRedeemed > 0) from.push(plural(p.pointsRedeemed, 'point'));
  const rows: [string, string][] = [['Seats', money(p.subtotal)]];
  if (p.discount.amount > 0) {
    rows.push(['Discount', `−${money(p.discount)}${from.length ? ` (${from.join(' and ')})` : ''}`]);
  }
  rows.push(['Fees', money(p.fees)], ['Total', money(p.amount)]);
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

function refunds(p: Payment) {
  if (p.refunds.length === 0) return null;
  return h(
    'div',
    {},
    h('h3', {}, 'Refunds'),
    h(
      'ul',
      { class: 'refunds' },
      p.refunds.map((r) =>
        h(
          'li',
          {},
          `${money(r.amount)} · ${r.status} · `,
          h('time', { datetime: r.createdAt }, dateTime(r.createdAt)),
          r.reason ? ` · ${r.reason}` : '',
        ),
      ),
    ),
  );
}

function card(p: Payment, show: ShowDetails | null) {
  const headingId = `p-${p.paymentId}`;
  return h(
    'li',
    {},
    h(
      'article',
      { class: 'card', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, `${money(p.amount)} · ${show?.title ?? p.showId}`),
      h(
        'p',
        { class: 'meta' },
        h('time', { datetime: p.createdAt }, dateTime(p.createdAt)),
        ` · ${methodLabels[p.method] ?? p.method} · ${capitalize(p.status)}`,
      ),
      breakdown(p),
      p.bookingId ? h('p', {}, h('a', { href: `/bookings/${encodeURIComponent(p.bookingId)}` }, 'Open booking')) : null,
      refunds(p),
    ),
  );
}

async function main() {
  await requireUser();
  const status = element(paymentsIds.paymentsStatus);
  status.textContent = 'Loading…';
  try {
    const { items } = await api<z.infer<typeof PaymentRecordList>>('/api/me/payments');
    const shows = await Promise.all(items.map((p) => showInfo(p.showId)));
    fill(
      element(paymentsIds.payments),
      items.map((p, i) => card(p, shows[i] ?? null)),
    );
    status.textContent = items.length === 0 ? 'No payments yet.' : `${plural(items.length, 'payment')}.`;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

main();
