// Building DOM from data without innerHTML, so nothing the API returns can ever become markup.
import { layoutIds } from './element-ids.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An event listener given as an `on…` attribute; method syntax keeps it assignable from `(e: MouseEvent) => …`. */
type Handler = { bivarianceHack(event: Event): unknown }['bivarianceHack'];

/** Attributes: false, null and undefined leave one out, true writes it empty; `dataset` fills data-*. */
export type AttrValue = string | number | boolean | null | undefined;
export interface Attrs {
  dataset?: Record<string, string>;
  [name: string]: AttrValue | Handler | Record<string, string>;
}

/** What may go inside an element: nodes, text (numbers as text), nested lists; false, null and undefined are nothing. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

function build<E extends HTMLElement | SVGElement>(el: E, attrs: Attrs | null | undefined, children: readonly Child[]): E {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    // Through the CSSOM: the pages' Content-Security-Policy refuses style attributes set as markup.
    else if (name === 'style') el.style.cssText = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('a', {href}, 'text', child, [more]). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function byId(id: string): HTMLElement | null {
  return document.getElementById(id);
}

/** Replaces an element's children. */
export function fill<E extends Element>(el: E, ...children: Child[]): E {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function setText(el: Node, text: string | null | undefined): void {
  el.textContent = text ?? '';
}

/** Says something to screen readers through the page's polite live region. */
export function announce(text: string): void {
  const region = byId(layoutIds.announcer);
  if (!region) return;
  // Clearing first makes a repeated message be announced again.
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** Marks a form field invalid with its message, or clears it. */
export function fieldError(input: HTMLElement, message?: string | null): void {
  const id = `${input.id}-error`;
  let note = document.getElementById(id);
  if (!message) {
    input.removeAttribute('aria-invalid');
    note?.remove();
    return;
  }
  if (!note) {
    note = h('p', { id, class: 'error field-error' });
    input.insertAdjacentElement('afterend', note);
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    if (!described.includes(id)) input.setAttribute('aria-describedby', [...described, id].join(' '));
  }
  input.setAttribute('aria-invalid', 'true');
  note.textContent = message;
}

/** The path of this page plus its query, for a `next=` after logging in. */
export function herePath(): string {
  return location.pathname + location.search;
}
