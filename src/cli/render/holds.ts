import type { CancellationQuote, MyHold, MyWaitlistEntry } from '../api/types.js';
import type { Colors } from '../output.js';
import { formatMoney, formatRemaining, formatSeats, formatTime } from './format.js';
import { renderTable } from './table.js';

const statusWords = { held: 'held', paying: 'paying', offered: 'offered to you' } as const;

/**
 * Your holds and offers, soonest deadline first, then your waiting places. Each names the web page
 * to pay or accept on (`siteUrl` + its path), since a hold made elsewhere is paid there.
 */
export function renderMyHolds(
  holds: MyHold[],
  waiting: MyWaitlistEntry[],
  c: Colors,
  opts: { now: number; siteUrl: string },
): string[] {
  const lines: string[] = [];
  if (holds.length === 0) lines.push('No holds or offers.');
  else {
    lines.push(
      ...renderTable(
        [
          { header: 'Show' },
          { header: 'Starts' },
          { header: 'Seats' },
          { header: 'Status' },
          { header: 'Total', align: 'right' },
          { header: 'Time left' },
          { header: 'Pay at' },
        ],
        holds.map((h) => [
          h.title,
          formatTime(h.startsAt),
          formatSeats(h),
          h.status === 'offered' ? c.green(statusWords[h.status]) : statusWords[h.status],
          formatMoney(h.total),
          h.status === 'paying' ? 'payment under way' : c.yellow(formatRemaining(h.expiresAt, opts.now)),
          `${opts.siteUrl}${h.path}`,
        ]),
        c.bold,
      ),
    );
  }
  const stillWaiting = waiting.filter((w) => w.status === 'waiting');
  if (stillWaiting.length > 0) {
    lines.push('', 'Waiting for seats:');
    for (const w of stillWaiting) {
      const what = w.category ?? w.section;
      lines.push(
        `  ${w.title} · ${formatTime(w.startsAt)} · ${w.quantity} ${w.quantity === 1 ? 'seat' : 'seats'}${what ? ` (${what})` : ''} · number ${w.position ?? '-'} in line · until ${formatTime(w.expiresAt)}`,
      );
    }
  }
  return lines;
}

/** "You get €89.00 back of €178.00 (50 %: within 48 h of the show)." */
export function quoteSentence(q: CancellationQuote): string {
  const back = q.refund.amount > 0 ? `You get ${formatMoney(q.refund)} back` : 'You get nothing back';
  return `${back} of ${formatMoney(q.total)} (${q.rule.label}).`;
}

/** The quote and until when it holds, for the line after it. */
export function renderCancellationQuote(q: CancellationQuote): string[] {
  const after = q.next
    ? `After ${formatTime(q.until)}: ${q.next.label}.`
    : `Cancelling is possible until ${formatTime(q.until)}.`;
  return [quoteSentence(q), after];
}
