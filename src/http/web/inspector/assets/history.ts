// The history scrubber: steps back and forward through the replayed journal (GET .../inspector/history)
// and tells what each step changed. `null` as the selection means "live": the page follows the stream.

import type { HistoryStep, HistoryView, InspectorOwner } from '../../assets/js/api-types.js';
import { clock, h, payloadType, shortId, type GaCounts } from './panels.js';

/** The scrubber's controls (page.tsx renders them). */
export interface HistoryElements {
  slider: HTMLInputElement;
  first: HTMLButtonElement;
  prev: HTMLButtonElement;
  next: HTMLButtonElement;
  live: HTMLButtonElement;
  range: HTMLElement;
  step: HTMLElement;
}

export interface History {
  /**
   * New data; a selected step stays selected (by seq) while it is still in the window. Its times are
   * written on `timeZone`'s clock: the venue's.
   */
  load(history: HistoryView, sectionNames: readonly string[], timeZone: string): void;
  clear(): void;
  /** The step being looked at, or null when following live. */
  readonly selected: HistoryStep | null;
  /** Seat rows and general-admission counts right after step `index`, stepped back from the end. */
  gridAt(index: number): { rows: string[]; ga: GaCounts[]; changed: Set<string> };
  readonly selectedIndex: number | null;
}


const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);

function owner(o: InspectorOwner): string {
  return o.name ?? o.email ?? shortId(o.userId);
}

function describe(step: HistoryStep, timeZone: string): HTMLLIElement[] {
  const c = step.changes;
  const items: HTMLLIElement[] = [];
  const counts = Object.entries(c.counts)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${signed(n)}`);
  if (counts.length > 0) items.push(h('li', {}, h('b', {}, 'counts '), counts.join(', ')));
  for (const hold of c.holdsAdded) {
    const where = [hold.seats.join(' '), hold.ga ? `${hold.ga.section} ×${hold.ga.quantity}` : '']
      .filter(Boolean)
      .join(' + ');
    items.push(
      h(
        'li',
        { class: 'added' },
        h('b', {}, hold.entryId ? 'offer placed ' : 'hold placed '),
        h('code', { title: hold.holdId }, shortId(hold.holdId)),
        ` for ${owner(hold.owner)}: ${where}, expires ${clock(hold.expiresAt, timeZone, { ms: false })}`,
      ),
    );
  }
  for (const hold of c.holdsRemoved) {
    items.push(
      h(
        'li',
        { class: 'removed' },
        h('b', {}, `hold ${hold.reason} `),
        h('code', { title: hold.holdId }, shortId(hold.holdId)),
        ` (${owner(hold.owner)})`,
      ),
    );
  }
  for (const hold of c.holdsChanged) {
    items.push(
      h(
        'li',
        {},
        h('b', {}, 'hold '),
        h('code', { title: hold.holdId }, shortId(hold.holdId)),
        ` ${hold.from} → ${hold.to}`,
      ),
    );
  }
  for (const b of c.bookingsAdded) {
    items.push(
      h(
        'li',
        { class: 'added' },
        h('b', {}, 'booking '),
        h('code', { title: b.bookingId }, shortId(b.bookingId)),
        ` for ${owner(b.owner)}, ${b.quantity} seats`,
      ),
    );
  }
  for (const b of c.bookingsRemoved) {
    items.push(
      h(
        'li',
        { class: 'removed' },
        h('b', {}, 'booking cancelled '),
        h('code', { title: b.bookingId }, shortId(b.bookingId)),
      ),
    );
  }
  for (const w of c.waitlistAdded) {
    items.push(
      h(
        'li',
        { class: 'added' },
        h('b', {}, 'joined waitlist '),
        `#${w.position} ${owner(w.owner)} wants ${w.quantity}${w.category ? ` ${w.category}` : ''}`,
      ),
    );
  }
  for (const w of c.waitlistRemoved) {
    items.push(h('li', { class: 'removed' }, h('b', {}, `left waitlist (${w.reason}) `), owner(w.owner)));
  }
  for (const w of c.waitlistChanged) {
    items.push(
      h('li', {}, h('b', {}, 'waitlist '), h('code', { title: w.entryId }, shortId(w.entryId)), ` ${w.from} → ${w.to}`),
    );
  }
  if (c.seats.length > 0) {
    const shown = c.seats.slice(0, 24).map((s) => `${s.seatId} ${s.from}→${s.to}`);
    if (c.seats.length > 24) shown.push(`… ${c.seats.length - 24} more`);
    items.push(h('li', {}, h('b', {}, `${c.seats.length} seats `), shown.join(', ')));
  }
  for (const g of c.ga) {
    items.push(
      h(
        'li',
        {},
        h('b', {}, `${g.section} `),
        `held ${signed(g.held)}, booked ${signed(g.booked)}, earmarked ${signed(g.earmarked)}`,
      ),
    );
  }
  if (items.length === 0) items.push(h('li', { class: 'none' }, 'nothing changed'));
  return items;
}

export function createHistory(els: HistoryElements, onChange: () => void): History {
  let data: HistoryView | null = null;
  let sections: readonly string[] = [];
  let selected: number | null = null;
  let zone = 'UTC';

  const last = (): number => (data ? data.steps.length - 1 : -1);
  const viewing = (): number => (selected === null ? last() : selected);

  function render(): void {
    const count = data ? data.steps.length : 0;
    els.slider.max = String(Math.max(0, count - 1));
    els.slider.value = String(Math.max(0, viewing()));
    els.slider.disabled = count === 0;
    els.first.disabled = count === 0 || viewing() <= 0;
    els.prev.disabled = count === 0 || viewing() <= 0;
    els.next.disabled = selected === null;
    els.live.disabled = selected === null;
    els.live.classList.toggle('on', selected === null);
    if (!data) {
      els.range.textContent = '';
      els.step.replaceChildren(h('p', { class: 'none' }, 'Loading…'));
      return;
    }
    const from = data.steps[0]?.seq;
    els.range.textContent =
      count === 0
        ? `no steps since seq ${data.base.seq}`
        : `seq ${from}–${data.lastSeq}${data.truncated ? ` (older steps are in the snapshot at seq ${data.base.seq})` : ''}`;
    const step = data.steps[viewing()];
    if (!step) {
      els.step.replaceChildren(h('p', { class: 'none' }, 'No journaled steps yet.'));
      return;
    }
    const moved = step.stateBefore !== step.state;
    els.step.replaceChildren(
      h(
        'h4',
        {},
        selected === null
          ? h('span', { class: 'badge live' }, 'latest')
          : h('span', { class: 'badge past' }, `step ${viewing() + 1}/${count}`),
        ` seq ${step.seq} · ${clock(step.at, zone)} · `,
        h('code', {}, payloadType(step.event)),
      ),
      h(
        'p',
        { class: moved ? 'transition moved' : 'transition' },
        moved ? `${step.stateBefore} → ${step.state}` : `stays in ${step.state}`,
      ),
      h('ul', { class: 'diff' }, describe(step, zone)),
      h(
        'p',
        { class: 'outcomes' },
        step.outcomes.map((o) => h('span', { class: `outcome ${/rejected/.test(payloadType(o)) ? 'bad' : ''}` }, payloadType(o))),
      ),
      h('details', {}, h('summary', {}, 'event payload'), h('pre', {}, JSON.stringify(step.event, null, 2))),
    );
  }

  function select(index: number | null): void {
    if (!data || data.steps.length === 0) return;
    selected = index === null ? null : Math.max(0, Math.min(last(), index));
    render();
    onChange();
  }

  els.slider.addEventListener('input', () => select(Number(els.slider.value)));
  els.first.addEventListener('click', () => select(0));
  els.prev.addEventListener('click', () => select(viewing() - 1));
  els.next.addEventListener('click', () => select(viewing() + 1 > last() ? null : viewing() + 1));
  els.live.addEventListener('click', () => select(null));

  return {
    load(history, sectionNames, timeZone) {
      const keep = selected === null || !data ? null : data.steps[selected]?.seq;
      data = history;
      sections = sectionNames;
      zone = timeZone;
      if (keep !== null && keep !== undefined) {
        const at = data.steps.findIndex((s) => s.seq === keep);
        selected = at >= 0 ? at : 0;
      }
      render();
    },
    clear() {
      data = null;
      selected = null;
      render();
    },
    get selected() {
      return selected === null || !data ? null : (data.steps[selected] ?? null);
    },
    gridAt(index) {
      if (!data) return { rows: [], ga: [], changed: new Set() };
      const rows = data.end.rows.map((r) => r.split(''));
      const ga = data.end.ga.map((g, i) => ({ section: sections[i] ?? '', ...g }));
      for (let j = data.steps.length - 1; j > index; j--) {
        const c = data.steps[j]!.changes;
        for (const s of c.seats) {
          const row = rows[s.row];
          if (row) row[s.position] = s.from;
        }
        for (const d of c.ga) {
          const g = ga.find((x) => x.section === d.section);
          if (g) {
            g.held -= d.held;
            g.booked -= d.booked;
            g.earmarked -= d.earmarked;
          }
        }
      }
      const changed = new Set(data.steps[index]?.changes.seats.map((s) => `${s.row}:${s.position}`));
      return { rows: rows.map((r) => r.join('')), ga, changed };
    },
    get selectedIndex() {
      return selected;
    },
  };
}
