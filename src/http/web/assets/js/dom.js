// Building DOM from data without innerHTML, so nothing the API returns can ever become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('a', {href}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function byId(id) {
  return document.getElementById(id);
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function setText(el, text) {
  el.textContent = text ?? '';
}

/** Says something to screen readers through the page's polite live region. */
export function announce(text) {
  const region = byId('announcer');
  if (!region) return;
  // Clearing first makes a repeated message be announced again.
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** Marks a form field invalid with its message, or clears it. */
export function fieldError(input, message) {
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
export function herePath() {
  return location.pathname + location.search;
}

/**
 * Only same-origin paths are followed after logging in. The value is parsed the way the browser will
 * follow it (tabs and newlines dropped, `\` read as `/`), so `/\evil.example` or a tab between two
 * slashes cannot turn into another host; anything that resolves elsewhere goes home instead.
 */
export function safeNext(value, origin = location.origin) {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  let url;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : '/';
}
