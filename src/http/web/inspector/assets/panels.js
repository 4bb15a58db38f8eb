// The context panels: actor facts, counts, the seat heat grid, holds with countdowns, the waitlist.

/** Builds an element: h('td', { class: 'x' }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes set as markup.
    else if (k === 'style') node.style.cssText = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const shortId = (id) => (id && id.length > 12 ? `${id.slice(0, 8)}…` : (id ?? ''));

export function formatDuration(ms) {
  if (ms <= 0) return 'due';
  const s = Math.floor(ms / 1000);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export const clock = (iso) =>
  new Date(iso).toLocaleTimeString([], { hour12: false }) +
  '.' +
  String(new Date(iso).getMilliseconds()).padStart(3, '0');

export const money = (m) => `${(m.amount / 100).toFixed(2)} ${m.currency}`;

/** A countdown to an ISO time, kept current by tickCountdowns(). */
export function countdown(iso, label) {
  return h('span', { class: 'countdown', dataset: { at: iso }, title: label ? `${label} ${iso}` : iso }, '');
}

export function tickCountdowns(root, serverNow) {
  for (const el of root.querySelectorAll('.countdown')) {
    const left = Date.parse(el.dataset.at) - serverNow;
    el.textContent = formatDuration(left);
    el.classList.toggle('soon', left > 0 && left < 60_000);
    el.classList.toggle('due', left <= 0);
  }
}

function ownerText(owner) {
  if (owner.name || owner.email)
    return h('span', { title: owner.userId }, owner.name ?? '', owner.email ? h('small', {}, owner.email) : '');
  return h('span', { title: owner.userId }, shortId(owner.userId));
}

export function renderActor(el, snap) {
  const row = (term, ...desc) => [h('dt', {}, term), h('dd', {}, ...desc)];
  const j = snap.journal;
  const lag = j.inMemorySeq !== null && j.committedSeq !== null ? j.inMemorySeq - j.committedSeq : null;
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
      j.snapshotAt ? h('small', {}, ` at ${clock(j.snapshotAt)}`) : '',
    ),
    ...row('Queue', `${snap.queueLength ?? '—'} waiting for their write`),
    ...row('Next timer', snap.nextDeadlineAt ? countdown(snap.nextDeadlineAt, 'TICK at') : 'none'),
    ...row(
      'Sales',
      snap.salesOpenAt ? `open ${new Date(snap.salesOpenAt).toLocaleString()}` : 'open from the start',
      snap.salesCloseAt ? ` · close ${new Date(snap.salesCloseAt).toLocaleString()}` : '',
    ),
    ...row(
      'Rules',
      `hold ${snap.rules.holdTtlSeconds}s + ${snap.rules.holdGraceSeconds}s grace · offer ${snap.rules.offerTtlSeconds}s · wait ≤ ${snap.rules.waitlistMaxWaitSeconds}s · ≤ ${snap.rules.maxSeatsPerOrder} seats`,
    ),
  );
}

export function renderCounts(el, snap) {
  const t = snap.totals;
  const num = (n, cls) => h('td', { class: `num ${cls ?? ''}` }, n);
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

const STATUS = { '.': 'free', h: 'held', b: 'booked', e: 'earmarked' };
const CATEGORY_TINTS = ['#dbeafe', '#dcfce7', '#fef3c7', '#fce7f3', '#e0e7ff', '#ccfbf1', '#f3e8ff', '#ffedd5'];
const FILL = { h: '#f59e0b', b: '#dc2626', e: '#a855f7' };

/**
 * The seat heat grid: one cell a seat, free seats tinted by category, held amber, earmarked violet,
 * booked red; general admission as a filled bar. Built once per show and then updated in place, so
 * a stadium refreshes without rebuilding thousands of cells.
 */
export function createSeatGrid(el, hoverEl, grid) {
  const NS = 'http://www.w3.org/2000/svg';
  const categories = [...new Set(grid.flatMap((s) => s.rows.map((r) => r.category)))];
  const tint = (category) => CATEGORY_TINTS[categories.indexOf(category) % CATEGORY_TINTS.length];
  const maxSeats = Math.max(1, ...grid.flatMap((s) => s.rows.map((r) => r.seats.length)));
  const width = Math.max(320, (el.clientWidth || 900) - 16);
  const size = Math.max(4, Math.min(18, Math.floor((width - 40) / maxSeats)));
  const gap = size >= 8 ? 2 : 1;
  const rows = new Map();
  const bars = new Map();

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
      const cells = [];
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
    const seat = event.target?.dataset?.seat;
    if (seat) hoverEl.textContent = `${seat} · ${event.target.dataset.category} · ${event.target.dataset.status}`;
  };

  return {
    /** Shows seat strings by row index; `changed` (a Set of "row:position") outlines the seats a step moved. */
    update(seatRows, ga, changed = new Set()) {
      for (const [index, row] of rows) {
        const seats = seatRows[index] ?? '';
        row.cells.forEach((cell, p) => {
          const ch = seats[p] ?? '.';
          if (row.last === null || row.last[p] !== ch) {
            cell.setAttribute('fill', FILL[ch] ?? row.tint);
            cell.dataset.status = STATUS[ch] ?? ch;
          }
          cell.classList.toggle('changed', changed.has(`${index}:${p}`));
        });
        row.last = seats;
      }
      for (const [name, { bar, text, capacity }] of bars) {
        const g = ga.find((x) => x.section === name) ?? { held: 0, booked: 0, earmarked: 0 };
        const free = capacity - g.held - g.booked - g.earmarked;
        const pct = (n) => `${((100 * n) / Math.max(1, capacity)).toFixed(2)}%`;
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

function placed(hold) {
  const parts = [];
  if (hold.seats.length > 0) parts.push(hold.seats.join(' '));
  if (hold.ga) parts.push(`${hold.ga.section} ×${hold.ga.quantity}`);
  return parts.join(' + ');
}

export function renderHolds(el, holds) {
  if (holds.length === 0) {
    el.replaceChildren(h('p', { class: 'none' }, 'No holds.'));
    return;
  }
  const heads = [
    ['Hold'],
    ['Owner'],
    ['Seats'],
    ['Total'],
    ['Status'],
    ['Expires', 'The countdown the customer sees'],
    ['Let go', 'When the server frees the seats: expiry plus grace, or the payment bound while paying'],
  ];
  const row = (hold) =>
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
      h('td', {}, countdown(hold.expiresAt, 'customer sees expiry at')),
      h(
        'td',
        {},
        hold.status === 'paying' && hold.paymentDeadlineAt
          ? countdown(hold.paymentDeadlineAt, 'payment bound at')
          : countdown(hold.deadlineAt, 'server lets go at'),
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

export function renderWaitlist(el, waitlist) {
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
          countdown(w.expiresAt, 'wait ends at'),
        ),
      ),
    ),
  );
}
