import { describe, expect, it } from 'vitest';

// The one copy the server runs and the browser loads (as /assets/js/safe-next.js).
import { safeNext } from '../../src/http/safe-next.js';

const origin = 'https://tickets.example';

describe('safeNext (where the site goes after logging in)', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/events/42?date=today#seats', origin)).toBe('/events/42?date=today#seats');
    expect(safeNext('/admin/venues/new', origin)).toBe('/admin/venues/new');
  });

  it.each([
    ['a backslash the browser reads as a slash', '/\\evil.example'],
    ['a backslash after the slash, with a path', '/\\evil.example/login'],
    ['a tab between the slashes (what ?next=/%09/evil.example decodes to)', '/\t/evil.example'],
    ['a newline between the slashes', '/\n/evil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['nothing', null],
  ])('sends %s home', (_what, value) => {
    expect(safeNext(value, origin)).toBe('/');
  });

  it('reads ?next= the way the login page does', () => {
    const next = new URLSearchParams('?next=/%09/evil.example').get('next');
    expect(safeNext(next, origin)).toBe('/');
  });
});
