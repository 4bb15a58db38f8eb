// The seat map as SVG: sections, rows and seats coloured by category, standing areas as blocks.
import { svg, h } from './dom.js';
import type { Money, SeatMap } from './api-types.js';
import { moneySpoken, money, plural } from './format.js';

export type Seat = SeatMap['seats'][number];
export type SectionSummary = SeatMap['sections'][number];
/** A seat's status as the map shows it: the customer's own held seats apart from others'. */
export type ShownStatus = Seat['status'] | 'own';

export interface SeatMapOptions {
  /** category -> colour */
  colours: ReadonlyMap<string, string>;
  /** category -> price, for standing areas */
  prices?: ReadonlyMap<string, Money>;
  /** "Stage", "Screen", or null for nothing in front */
  front?: string | null;
  interactive?: boolean;
  onToggle?(seatId: string): void;
  onStanding?(section: string): void;
  onFocusSeat?(text: string): void;
}

/** The drawn map, updated in place. */
export interface SeatMapHandle {
  seat(id: string): Seat | undefined;
  seats(): Seat[];
  standing(): SectionSummary[];
  /** Seats and places available as this map shows them. */
  availableCount(): number;
  setStatus(seatId: string, status: Seat['status']): void;
  setStandingAvailable(name: string, available: number): void;
  setSelected(ids: Iterable<string>): void;
  setOwn(ids: Iterable<string>): void;
}

const PITCH = 26;
const SEAT = 20;
const ROW_LABEL = 34;
const SECTION_TITLE = 28;
const SECTION_GAP = 22;
const GA_HEIGHT = 64;
const FRONT = 34;
const MIN_WIDTH = 320;
/** WCAG 2.2 asks for 24 px targets; a seat's target is its whole pitch, never drawn below this. */
const MIN_TARGET_PX = 25;

/** Distinct colours that keep white marks readable; categories take them in order (dearest first). */
export const palette: readonly string[] = ['#6d28d9', '#0e7490', '#c2410c', '#15803d', '#be185d', '#a16207', '#1d4ed8', '#4d7c0f'];

const firstColour = '#6d28d9';

export function categoryColours(categories: readonly string[]): Map<string, string> {
  return new Map(categories.map((c, i) => [c, palette[i % palette.length] ?? firstColour]));
}

const statusWords: Record<ShownStatus, string> = {
  available: 'available',
  held: 'held',
  booked: 'booked',
  own: 'held by you',
};

export function seatName(seat: Pick<Seat, 'row' | 'number'>): string {
  return `Row ${seat.row} seat ${seat.number}`;
}

/** How a screen reader announces a seat, e.g. "Row A seat 5, premium, 89.00 EUR, available". */
export function seatLabel(seat: Seat, shownStatus: ShownStatus): string {
  return `${seatName(seat)}, ${seat.category}, ${moneySpoken(seat.price)}, ${statusWords[shownStatus]}`;
}

function gaLabel(section: SectionSummary, price: Money | undefined): string {
  const cost = price ? `, ${moneySpoken(price)}` : '';
  // The words drawn on the block come first, in order, so the spoken name contains what is seen.
  return `${section.section}, ${placesLeft(section)}, standing area, ${section.category}${cost}`;
}

function placesLeft(section: SectionSummary): string {
  return `${section.available} of ${section.capacity} places available`;
}

/** Seats grouped by section, then row, in the order the API lists them. */
function groupRows(seats: readonly Seat[]): Map<string, Map<string, Seat[]>> {
  const sections = new Map<string, Map<string, Seat[]>>();
  for (const seat of seats) {
    let rows = sections.get(seat.section);
    if (!rows) sections.set(seat.section, (rows = new Map()));
    let row = rows.get(seat.row);
    if (!row) rows.set(seat.row, (row = []));
    row.push(seat);
  }
  for (const rows of sections.values()) for (const row of rows.values()) row.sort((a, b) => a.number - b.number);
  return sections;
}

/** The seat's shape, then its marks; the shape is first, so callers can colour it. */
function seatMarks(): [SVGRectElement, ...SVGElement[]] {
  return [
    svg('rect', { class: 'seat-shape', width: SEAT, height: SEAT, rx: 5 }),
    svg('path', { class: 'mark mark--check', d: 'M5 10.5l3.5 3.5 6.5-7.5' }),
    svg('path', { class: 'mark mark--cross', d: 'M6 6l8 8M14 6l-8 8' }),
    svg('circle', { class: 'mark mark--own', cx: SEAT / 2, cy: SEAT / 2, r: 4 }),
  ];
}

/** The seat or standing area (an SVG group) an event happened in, if any. */
function closest(target: EventTarget | null, selector: string): SVGGElement | null {
  const found = target instanceof Element ? target.closest(selector) : null;
  return found instanceof SVGGElement ? found : null;
}

/**
 * Draws the map into `container` and returns a handle to update it in place.
 * Options: colours (category -> colour), prices (category -> money, for standing areas),
 * front ("Stage", "Screen" or null), interactive, onToggle(seatId), onStanding(section), onFocusSeat(text).
 */
export function renderSeatMap(
  container: HTMLElement,
  { seats, sections }: Pick<SeatMap, 'seats' | 'sections'>,
  options: SeatMapOptions,
): SeatMapHandle {
  const { colours, prices = new Map<string, Money>(), front = 'Stage', interactive = true } = options;
  const rowsBySection = groupRows(seats);
  const seatById = new Map(seats.map((s) => [s.seatId, s]));
  const widest = Math.max(0, ...[...rowsBySection.values()].flatMap((rows) => [...rows.values()].map((r) => r.length)));
  const width = Math.max(MIN_WIDTH, widest * PITCH + 2 * ROW_LABEL + 8);
  const centre = width / 2;

  const defs = svg(
    'defs',
    {},
    svg(
      'pattern',
      { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, fill: '#e5e7eb' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#9ca3af', 'stroke-width': 3 }),
    ),
  );
  const root = svg('g', {});
  let y = 8;
  if (front) {
    root.append(
      svg('rect', { class: 'front', x: centre - width * 0.3, y, width: width * 0.6, height: 18, rx: 9 }),
      svg('text', { class: 'front-label', x: centre, y: y + 13, 'text-anchor': 'middle' }, front),
    );
    y += FRONT;
  }

  const seatEls = new Map<string, SVGGElement>();
  const standingEls = new Map<string, { el: SVGGElement; section: SectionSummary }>();
  /** The map's stops in reading order, a line per row (a standing area is a line of its own). */
  const rowLines: SVGGElement[][] = [];

  for (const section of sections) {
    const group = svg('g', { role: 'group', 'aria-label': section.section, class: 'section' });
    group.append(
      svg('text', { class: 'section-title', x: centre, y: y + 16, 'text-anchor': 'middle' }, section.section),
    );
    y += SECTION_TITLE;
    if (section.kind === 'general') {
      const blockWidth = Math.min(width - 2 * ROW_LABEL, Math.max(200, width * 0.7));
      const block = svg(
        'g',
        {
          class: 'standing',
          transform: `translate(${centre - blockWidth / 2},${y})`,
          dataset: { section: section.section },
          ...(interactive ? { role: 'button', tabindex: -1 } : {}),
        },
        svg('rect', {
          class: 'standing-shape',
          width: blockWidth,
          height: GA_HEIGHT,
          rx: 8,
          fill: colours.get(section.category) ?? firstColour,
        }),
        // The trailing space keeps the block's text "Name 40 of 40 places available" when its lines are read as one.
        svg(
          'text',
          { class: 'standing-name', x: blockWidth / 2, y: 26, 'text-anchor': 'middle' },
          `${section.section} `,
        ),
        svg('text', { class: 'standing-count', x: blockWidth / 2, y: 46, 'text-anchor': 'middle' }),
      );
      standingEls.set(section.section, { el: block, section: { ...section } });
      rowLines.push([block]);
      group.append(block);
      y += GA_HEIGHT + SECTION_GAP;
      root.append(group);
      continue;
    }
    for (const [row, rowSeats] of rowsBySection.get(section.section) ?? []) {
      const rowWidth = rowSeats.length * PITCH;
      const left = centre - rowWidth / 2;
      group.append(
        svg('text', { class: 'row-label', x: left - 10, y: y + 15, 'text-anchor': 'end', 'aria-hidden': 'true' }, row),
        svg('text', { class: 'row-label', x: left + rowWidth + 6, y: y + 15, 'aria-hidden': 'true' }, row),
      );
      const line: SVGGElement[] = [];
      rowSeats.forEach((seat, i) => {
        const el = svg(
          'g',
          {
            class: 'seat',
            transform: `translate(${left + i * PITCH + (PITCH - SEAT) / 2},${y})`,
            dataset: { seatId: seat.seatId },
            ...(interactive ? { role: 'button' } : {}),
          },
          // The target is the seat's whole pitch, so the gaps between seats are no dead zones for a finger.
          svg('rect', { class: 'seat-hit', x: (SEAT - PITCH) / 2, y: (SEAT - PITCH) / 2, width: PITCH, height: PITCH }),
          seatMarks(),
        );
        el.querySelector('.seat-shape')?.setAttribute('fill', colours.get(seat.category) ?? firstColour);
        seatEls.set(seat.seatId, el);
        line.push(el);
        group.append(el);
      });
      rowLines.push(line);
      y += PITCH;
    }
    y += SECTION_GAP;
    root.append(group);
  }

  const height = y;
  // A small hall is drawn larger than its natural size so seats stay easy to hit; CSS caps it at the page width.
  const shownWidth = Math.round(Math.min(Math.max(width, 560), width * 1.8));
  const map = svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width: shownWidth,
      height: Math.round((height * shownWidth) / width),
      class: 'seatmap-svg',
      role: interactive ? 'group' : 'img',
      // Chromium makes an <svg> a Tab stop of its own; the map's one stop is its current seat.
      tabindex: -1,
      'aria-label': interactive ? 'Seat map' : `Seat map preview: ${plural(seats.length, 'seat')}`,
    },
    defs,
    root,
  );
  // Seats never shrink below a size a finger can hit; a wider map scrolls inside its box instead.
  map.style.minWidth = `${Math.ceil((width * MIN_TARGET_PX) / PITCH)}px`;
  container.replaceChildren(map);
  // The middle of the house first, where most people look for seats.
  container.scrollLeft = (container.scrollWidth - container.clientWidth) / 2;

  const own = new Set<string>();
  const selected = new Set<string>();
  let described: string | null = null;
  // The map is one Tab stop (a roving tabindex): this seat or standing area has tabindex 0, arrows move it.
  let current: SVGGElement | null = null;

  function isPickable(el: SVGGElement): boolean {
    if (el.classList.contains('standing')) return true;
    const seat = seatById.get(el.dataset.seatId ?? '');
    return seat !== undefined && shownStatus(seat) === 'available';
  }

  function setCurrent(el: SVGGElement | null): void {
    if (current === el) return;
    current?.setAttribute('tabindex', '-1');
    current = el;
    current?.setAttribute('tabindex', '0');
  }

  /** A stop that can no longer be picked hands its place on, unless the customer is on it right now. */
  function keepCurrent(): void {
    if (!interactive || (current && (isPickable(current) || current === document.activeElement))) return;
    setCurrent(rowLines.flat().find(isPickable) ?? null);
  }

  /** The caption under the map names the seat last pointed at or focused, kept true as its status changes. */
  function describe(seatId: string): void {
    const seat = seatById.get(seatId);
    if (!seat) return;
    described = seatId;
    options.onFocusSeat?.(
      `${seatName(seat)} · ${seat.category} · ${money(seat.price)} · ${statusWords[shownStatus(seat)]}`,
    );
  }

  function shownStatus(seat: Seat): ShownStatus {
    if (own.has(seat.seatId)) return 'own';
    return seat.status;
  }

  function paintSeat(seatId: string): void {
    const seat = seatById.get(seatId);
    const el = seatEls.get(seatId);
    if (!seat || !el) return;
    const status = shownStatus(seat);
    el.setAttribute('class', `seat seat--${status}${selected.has(seatId) ? ' seat--selected' : ''}`);
    if (!interactive) return;
    el.setAttribute('aria-label', seatLabel(seat, status));
    if (seatId === described) describe(seatId);
    const pickable = status === 'available';
    el.setAttribute('tabindex', el === current ? '0' : '-1');
    if (pickable) {
      el.setAttribute('aria-pressed', String(selected.has(seatId)));
      el.removeAttribute('aria-disabled');
    } else {
      el.removeAttribute('aria-pressed');
      el.setAttribute('aria-disabled', 'true');
    }
  }

  function paintStanding(name: string): void {
    const entry = standingEls.get(name);
    if (!entry) return;
    const { el, section } = entry;
    el.setAttribute('class', `standing${section.available === 0 ? ' standing--full' : ''}`);
    const count = el.querySelector('.standing-count');
    if (count) count.textContent = placesLeft(section);
    if (interactive) el.setAttribute('aria-label', gaLabel(section, prices.get(section.category)));
  }

  for (const id of seatEls.keys()) paintSeat(id);
  for (const name of standingEls.keys()) paintStanding(name);
  keepCurrent();

  if (interactive) {
    const activate = (target: EventTarget | null): void => {
      const seatEl = closest(target, '.seat');
      if (seatEl) {
        const seat = seatById.get(seatEl.dataset.seatId ?? '');
        if (seat && shownStatus(seat) === 'available') options.onToggle?.(seat.seatId);
        return;
      }
      const standing = closest(target, '.standing');
      if (standing?.dataset.section !== undefined) options.onStanding?.(standing.dataset.section);
    };
    map.addEventListener('click', (e) => activate(e.target));
    map.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        if (!closest(e.target, '.seat, .standing')) return;
        e.preventDefault();
        if (!e.repeat) activate(e.target);
        return;
      }
      const stop = closest(e.target, '.seat, .standing');
      if (stop && moveFocus(stop, e.key)) e.preventDefault();
    });
    map.addEventListener('focusin', (e) => {
      const stop = closest(e.target, '.seat, .standing');
      if (stop) setCurrent(stop);
      if (stop?.dataset.seatId) describe(stop.dataset.seatId);
    });
    map.addEventListener('focusout', () => setTimeout(keepCurrent));
    map.addEventListener('mouseover', (e) => {
      const seatId = closest(e.target, '.seat')?.dataset.seatId;
      if (seatId) describe(seatId);
    });
  }

  /** Arrow keys walk the pickable seats: along the row, or to the nearest one in the next row. */
  function moveFocus(from: SVGGElement, key: string): boolean {
    const r = rowLines.findIndex((line) => line.includes(from));
    if (r < 0) return false;
    const pickable = isPickable;
    const line = rowLines[r] ?? [];
    const i = line.indexOf(from);
    let target: SVGGElement | undefined;
    if (key === 'ArrowRight') target = line.slice(i + 1).find(pickable);
    else if (key === 'ArrowLeft') target = line.slice(0, i).reverse().find(pickable);
    else if (key === 'ArrowDown' || key === 'ArrowUp') {
      const x = from.getBoundingClientRect().x;
      const step = key === 'ArrowDown' ? 1 : -1;
      for (let k = r + step; k >= 0 && k < rowLines.length && !target; k += step) {
        const candidates = (rowLines[k] ?? []).filter(pickable);
        target = candidates.sort(
          (a, b) => Math.abs(a.getBoundingClientRect().x - x) - Math.abs(b.getBoundingClientRect().x - x),
        )[0];
      }
    } else return false;
    target?.focus();
    return true;
  }

  return {
    seat: (id) => seatById.get(id),
    seats: () => [...seatById.values()],
    standing: () => [...standingEls.values()].map((e) => e.section),
    /** Seats and places available as this map shows them. */
    availableCount() {
      let n = 0;
      for (const s of seatById.values()) if (s.status === 'available') n++;
      for (const { section } of standingEls.values()) n += section.available;
      return n;
    },
    setStatus(seatId, status) {
      const seat = seatById.get(seatId);
      if (!seat || seat.status === status) return;
      seat.status = status;
      paintSeat(seatId);
      keepCurrent();
    },
    setStandingAvailable(name, available) {
      const entry = standingEls.get(name);
      if (!entry) return;
      entry.section.available = available;
      paintStanding(name);
    },
    setSelected(ids) {
      const changed = new Set([...selected, ...ids]);
      selected.clear();
      for (const id of ids) selected.add(id);
      for (const id of changed) paintSeat(id);
    },
    setOwn(ids) {
      const changed = new Set([...own, ...ids]);
      own.clear();
      for (const id of ids) own.add(id);
      for (const id of changed) paintSeat(id);
      keepCurrent();
    },
  };
}

/** The legend: each category with its colour and price, then what the marks mean. */
export function renderLegend(
  container: HTMLElement,
  { categories, colours }: { categories: readonly { category: string; price: Money }[]; colours: ReadonlyMap<string, string> },
): void {
  const items = [
    ...categories.map((c) =>
      h('li', {}, legendSwatch('seat--available', colours.get(c.category)), `${c.category} · ${money(c.price)}`),
    ),
    h('li', {}, legendSwatch('seat--available seat--selected', '#6b7280'), 'Selected'),
    h('li', {}, legendSwatch('seat--own', '#6b7280'), 'Held by you'),
    h('li', {}, legendSwatch('seat--held', '#6b7280'), 'Held'),
    h('li', {}, legendSwatch('seat--booked', '#6b7280'), 'Booked'),
  ];
  container.replaceChildren(h('ul', { class: 'legend-list' }, items));
}

function legendSwatch(cls: string, fillColour: string | undefined): SVGSVGElement {
  const marks = seatMarks();
  if (fillColour) marks[0].setAttribute('fill', fillColour);
  return svg(
    'svg',
    { class: 'swatch', width: 20, height: 20, viewBox: `0 0 ${SEAT} ${SEAT}`, 'aria-hidden': 'true' },
    svg('g', { class: `seat ${cls}` }, marks),
  );
}
