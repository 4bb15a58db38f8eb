// The context panels: actor facts, counts, the seat heat grid, holds with countdowns, the waitlist.
import type {
  InspectorEntry,
  InspectorHold,
  InspectorOwner,
  InspectorSnapshot,
  Money,
} from '../../assets/js/api-types.js';
import { h, type Child } from '../../assets/js/dom.js';
import { showTime, wallClock, zoneName } from '../../assets/js/zoned-time.js';

export { h };

type SeatChar = '.' | 'h' | 'b' | 'e';
type GridSection = InspectorSnapshot['grid'][number];
/** Held, booked and earmarked places of one standing area. */
export interface GaCounts {
  section: string;
  held: number;
  booked: number;
  earmarked: number;
}

/** The heat grid, updated in place. */
export interface SeatGrid {
  /** Shows seat strings by row index; `changed` (a Set of "row:position") outlines the seats a step moved. */
  update(seatRows: readonly string[], ga: readonly GaCounts[], changed?: ReadonlySet<string>): void;
}

/** An event's or outcome's type, the one field every journaled payload has. */
export const payloadType = (payload: Record<string, unknown>): string => String(payload.type ?? '');

export const shortId = (id: string | null | undefined): string => (id && id.length > 12 ? `${id.slice(0, 8)}…` : (id ?? ''));

export function formatDuration(ms: number): string {
  if (ms <= 0) return 'due';
  const s = Math.floor(ms / 1000);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The zone a show's times are written in: its venue's, as on the site; UTC, named as such, if the server names none. */
export const venueZone = (show: { timeZone: string | null } | null | undefined): string => show?.timeZone || 'UTC';

/** The browser's own zone, for the times that are the viewer's (when a list was read), not a show's. */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * An instant's time of day on `timeZone`'s clock with the zone named: "19:04:05.123 CET". Milliseconds
 * by default, as journal steps come that close together; `ms: false` for deadlines ("19:09:05 CET").
 */
export function clock(iso: string, timeZone: string, { ms = true }: { ms?: boolean } = {}): string {
  const w = wallClock(iso, timeZone);
  const fraction = ms ? `.${pad(((Date.parse(iso) % 1000) + 1000) % 1000, 3)}` : '';
  return `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${fraction} ${zoneName(iso, timeZone)}`;
}

export const money = (m: Money): string => `${(m.amount / 100).toFixed(2)} ${m.currency}`;

/** A countdown to an ISO time, kept current by tickCountdowns(); its title says the day and time on the venue's clock. */
export function countdown(iso: string, label: string, timeZone: string): HTMLSpanElement {
  return h('span', { class: 'countdown', dataset: { at: iso }, title: `${label} ${showTime(iso, timeZone)}` }, '');
}

/** A countdown with the time it runs out on the venue's clock beside it: "4:59" and "19:09:05 CET". */
export function deadline(iso: string, label: string, timeZone: string): Child[] {
  return [
    countdown(iso, label, timeZone),
    h('small', { class: 'at' }, h('time', { datetime: iso }, clock(iso, timeZone, { ms: false }))),
  ];
}

export function tickCountdowns(root: ParentNode, serverNow: number): void {
  for (const el of root.querySelectorAll<HTMLElement>('.countdown')) {
    const left = Date.parse(el.dataset.at ?? '') - serverNow;
    el.textContent = formatDuration(left);
    el.classList.toggle('soon', left > 0 && left < 60_000);
    el.classList.toggle('due', left <= 0);
  }
}

function ownerText(owner: InspectorOwner): HTMLSpanElement {
  if (owner.name || owner.email)
    return h('span', { title: owner.userId }, owner.name ?? '', owner.email ? h('small', {}, owner.email) : '');
  return h('span', { title: owner.userId }, shortId(owner.userId));
}

export function renderActor(el: Element, snap: InspectorSnapshot): void {
  const row = (term: string, ...desc: Child[]): HTMLElement[] => [h('dt', {}, term), h('dd', {}, ...desc)];
  const j = snap.journal;
  const lag = j.inMemorySeq !== null && j.committedSeq !== null ? j.inMemorySeq - j.committedSeq : null;
  const zone = venueZone(snap);
  const dayAndTime = (iso: string): HTMLElement => h('time', { datetime: iso }, showTime(iso, zone));
  el.replaceChildren(
    ...row('Owner node', h('code', {}, snap.nodeId)),
    ...row('Epoch', snap.epoch ?? '—'),
    ...row(
      'Journal',
      `seq ${j.inMemorySeq ?? '—'} in memory · ${j.committedSeq ?? '—'} committed`,
      lag ? h('small', {}, ` (${lag} in flight)`) : '',
    ),
    ...row(
      'Snapshot',
      j.snapshotSeq === null ? 'none' : `seq ${j.snapshotSeq}`,
      j.snapshotAt ? h('small', {}, ` at ${clock(j.snapshotAt, zone)}`) : '',
    ),
    ...row('Queue', `${snap.queueLength ?? '—'} waiting for their write`),
    ...row('Show starts', snap.startsAt ? dayAndTime(snap.startsAt) : '—'),
    ...row('Next timer', snap.nextDeadlineAt ? deadline(snap.nextDeadlineAt, 'TICK at', zone) : 'none'),
    ...row(
      'Sales',
      snap.salesOpenAt ? ['open ', dayAndTime(snap.salesOpenAt)] : 'open from the start',
      snap.salesCloseAt ? [' · close ', dayAndTime(snap.salesCloseAt)] : '',
    ),
    ...row(
      'Rules',
      `hold ${snap.rules.holdTtlSeconds}s + ${snap.rules.holdGraceSeconds}s grace · offer ${snap.rules.offerTtlSeconds}s · wait ≤ ${snap.rules.waitlistMaxWaitSeconds}s · ≤ ${snap.rules.maxSeatsPerOrder} seats`,
    ),
  );
}

export function renderCounts(el: Element, snap: InspectorSnapshot): void {
  const t = snap.totals;
  const num = (n: number, cls?: string): HTMLTableCellElement => h('td', { class: `num ${cls ?? ''}` }, n);
  el.replaceChildren(
    h(
      'table',
      { class: 'counts' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Category', 'Price', 'Capacity', 'Free', 'Held', 'Earmarked', 'Booked'].map((c) => h('th', {}, c)),
        ),
      ),
      h(
        'tbody',
        {},
        snap.categories.map((c) =>
          h(
            'tr',
            {},
            h('td', {}, c.category),
            h('td', { class: 'num' }, money(c.price)),
            num(c.capacity),
            num(c.free, 'free'),
            num(c.held, 'held'),
            num(c.earmarked, 'earmarked'),
            num(c.booked, 'booked'),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'All'),
          h('td', {}),
          num(t.available + t.held + t.earmarked + t.booked),
          num(t.available, 'free'),
          num(t.held, 'held'),
          num(t.earmarked, 'earmarked'),
          num(t.booked, 'booked'),
        ),
      ),
    ),
    h('p', { class: 'meta' }, `${snap.bookings} bookings · ${t.waitlist} waiting · ${snap.holds.length} holds`),
  );
}

const STATUS: Record<SeatChar, string> = { '.': 'free', h: 'held', b: 'booked', e: 'earmarked' };
const CATEGORY_TINTS = ['#dbeafe', '#dcfce7', '#fef3c7', '#fce7f3', '#e0e7ff', '#ccfbf1', '#f3e8ff', '#ffedd5'];
const FILL = { h: '#f59e0b', b: '#dc2626', e: '#a855f7' };
const fillOf = (ch: string): string | undefined => (ch in FILL ? FILL[ch as keyof typeof FILL] : undefined);
const statusOf = (ch: string): string => (ch in STATUS ? STATUS[ch as SeatChar] : ch);

/**
 * The seat heat grid: one cell a seat, free seats tinted by category, held amber, earmarked violet,
 * booked red; general admission as a filled bar. Built once per show and then updated in place, so
 * a stadium refreshes without rebuilding thousands of cells.
 */
export function createSeatGrid(el: HTMLElement, hoverEl: HTMLElement, grid: readonly GridSection[]): SeatGrid {
  const NS = 'http://www.w3.org/2000/svg';
  const categories = [...new Set(grid.flatMap((s) => s.rows.map((r) => r.category)))];
  const tint = (category: string): string => CATEGORY_TINTS[categories.indexOf(category) % CATEGORY_TINTS.length] ?? '';
  const maxSeats = Math.max(1, ...grid.flatMap((s) => s.rows.map((r) => r.seats.length)));
  const width = Math.max(320, (el.clientWidth || 900) - 16);
  const size = Math.max(4, Math.min(18, Math.floor((width - 40) / maxSeats)));
  const gap = size >= 8 ? 2 : 1;
  const rows = new Map<number, { cells: SVGRectElement[]; tint: string; last: string | null }>();
  const bars = new Map<string, { bar: HTMLElement; text: HTMLElement; capacity: number }>();

  el.replaceChildren(
    h(
      'p',
      { class: 'legend' },
      ...categories.map((c) => h('span', {}, h('i', { style: `background:${tint(c)}` }), `${c} (free)`)),
      h('span', {}, h('i', { style: `background:${FILL.h}` }), 'held'),
      h('span', {}, h('i', { style: `background:${FILL.e}` }), 'earmarked for the waitlist'),
      h('span', {}, h('i', { style: `background:${FILL.b}` }), 'booked'),
    ),
  );
  for (const section of grid) {
    const box = h(
      'div',
      { class: 'grid-section' },
      h('h4', {}, section.section, h('small', {}, ` ${section.kind} · ${section.capacity}`)),
    );
    el.append(box);
    if (section.kind === 'general') {
      const bar = h('div', { class: 'ga-bar' });
      const text = h('p', { class: 'meta' });
      box.append(bar, text);
      bars.set(section.section, { bar, text, capacity: section.capacity });
      continue;
    }
    const chart = document.createElementNS(NS, 'svg');
    chart.setAttribute('width', String(32 + maxSeats * size));
    chart.setAttribute('height', String(section.rows.length * size + 2));
    chart.setAttribute('class', 'seats');
    section.rows.forEach((row, r) => {
      const label = document.createElementNS(NS, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(r * size + size - 2));
      label.setAttribute('class', 'row-label');
      label.style.fontSize = `${Math.min(11, size)}px`;
      label.textContent = row.row;
      chart.append(label);
      const cells: SVGRectElement[] = [];
      for (let p = 0; p < row.seats.length; p++) {
        const cell = document.createElementNS(NS, 'rect');
        cell.setAttribute('x', String(32 + p * size));
        cell.setAttribute('y', String(r * size));
        cell.setAttribute('width', String(size - gap));
        cell.setAttribute('height', String(size - gap));
        cell.dataset.seat = `${row.row}-${p + 1}`;
        cell.dataset.category = row.category;
        chart.append(cell);
        cells.push(cell);
      }
      rows.set(row.index, { cells, tint: tint(row.category), last: null });
    });
    box.append(chart);
  }
  el.onmouseover = (event) => {
    const cell = event.target;
    const seat = cell instanceof SVGElement ? cell.dataset.seat : undefined;
    if (cell instanceof SVGElement && seat)
      hoverEl.textContent = `${seat} · ${cell.dataset.category} · ${cell.dataset.status}`;
  };

  return {
    update(seatRows, ga, changed = new Set<string>()) {
      for (const [index, row] of rows) {
        const seats = seatRows[index] ?? '';
        row.cells.forEach((cell, p) => {
          const ch = seats[p] ?? '.';
          if (row.last === null || row.last[p] !== ch) {
            cell.setAttribute('fill', fillOf(ch) ?? row.tint);
            cell.dataset.status = statusOf(ch);
          }
          cell.classList.toggle('changed', changed.has(`${index}:${p}`));
        });
        row.last = seats;
      }
      for (const [name, { bar, text, capacity }] of bars) {
        const g = ga.find((x) => x.section === name) ?? { held: 0, booked: 0, earmarked: 0 };
        const free = capacity - g.held - g.booked - g.earmarked;
        const pct = (n: number): string => `${((100 * n) / Math.max(1, capacity)).toFixed(2)}%`;
        bar.replaceChildren(
          h('span', { class: 'booked', style: `width:${pct(g.booked)}` }),
          h('span', { class: 'held', style: `width:${pct(g.held)}` }),
          h('span', { class: 'earmarked', style: `width:${pct(g.earmarked)}` }),
        );
        text.textContent = `${free} free · ${g.held} held · ${g.earmarked} earmarked · ${g.booked} booked of ${capacity}`;
      }
    },
  };
}

function placed(hold: InspectorHold): string {
  const parts: string[] = [];
  if (hold.seats.length > 0) parts.push(hold.seats.join(' '));
  if (hold.ga) parts.push(`${hold.ga.section} ×${hold.ga.quantity}`);
  return parts.join(' + ');
}

export function renderHolds(el: Element, holds: readonly InspectorHold[], timeZone: string): void {
  if (holds.length === 0) {
    el.replaceChildren(h('p', { class: 'none' }, 'No holds.'));
    return;
  }
  const heads: [string, string?][] = [
    ['Hold'],
    ['Owner'],
    ['Seats'],
    ['Total'],
    ['Status'],
    ['Expires', 'The countdown the customer sees'],
    ['Let go', 'When the server frees the seats: expiry plus grace, or the payment bound while paying'],
  ];
  const row = (hold: InspectorHold): HTMLTableRowElement =>
    h(
      'tr',
      { dataset: { hold: hold.holdId } },
      h('td', {}, h('code', { title: hold.holdId }, shortId(hold.holdId))),
      h('td', {}, ownerText(hold.owner)),
      h('td', {}, placed(hold), h('span', { class: 'meta' }, ` (${hold.quantity})`)),
      h('td', { class: 'num' }, money(hold.total)),
      h(
        'td',
        {},
        h('span', { class: `badge ${hold.status}` }, hold.status),
        hold.entryId ? h('span', { class: 'badge offer', title: hold.entryId }, 'offer') : '',
      ),
      h('td', {}, deadline(hold.expiresAt, 'customer sees expiry at', timeZone)),
      h(
        'td',
        {},
        hold.status === 'paying' && hold.paymentDeadlineAt
          ? deadline(hold.paymentDeadlineAt, 'payment bound at', timeZone)
          : deadline(hold.deadlineAt, 'server lets go at', timeZone),
      ),
    );
  el.replaceChildren(
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'holds' },
        h('thead', {}, h('tr', {}, ...heads.map(([c, title]) => h('th', { title }, c)))),
        h('tbody', {}, holds.map(row)),
      ),
    ),
  );
}

export function renderWaitlist(el: Element, waitlist: readonly InspectorEntry[], timeZone: string): void {
  if (waitlist.length === 0) {
    el.replaceChildren(h('p', { class: 'none' }, 'Nobody is waiting.'));
    return;
  }
  el.replaceChildren(
    h(
      'ol',
      { class: 'queue' },
      waitlist.map((w) =>
        h(
          'li',
          { class: w.status, dataset: { entry: w.entryId } },
          h('span', { class: 'pos' }, `#${w.position}`),
          ownerText(w.owner),
          ` wants ${w.quantity}`,
          w.category ? ` ${w.category}` : '',
          w.section ? ` in ${w.section}` : '',
          ' · ',
          h('span', { class: `badge ${w.status}` }, w.status),
          w.holdId ? h('code', { title: w.holdId }, ` ${shortId(w.holdId)}`) : '',
          ' · gives up in ',
          deadline(w.expiresAt, 'wait ends at', timeZone),
        ),
      ),
    ),
  );
}
