// The elements a page's server-rendered shell carries, typed as the script uses them.

type ElementClass<T extends Element> = { new (): T; prototype: T; name: string };

/**
 * The element with this id (from element-ids.ts), checked to be of the type the script needs. The
 * page renders it (test/web/element-ids.test.ts checks every id), so a missing or different element
 * is a bug in the page: it fails here, naming the id, instead of as a null somewhere later.
 */
export function element(id: string): HTMLElement;
export function element<T extends Element>(id: string, type: ElementClass<T>): T;
export function element(id: string, type: ElementClass<Element> = HTMLElement): Element {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is ${found ? `not a ${type.name}` : 'missing'}`);
  return found;
}
