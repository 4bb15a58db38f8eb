/**
 * Where to send someone after signing in: a path on this site, never another origin. One copy for the
 * server (the OIDC callback's `next`) and the browser (served as /assets/js/safe-next.js, for the login
 * pages). The value is parsed the way a browser will follow it (tabs and newlines dropped, `\` read as
 * `/`), so "//evil.example", "/\evil.example" or a tab between two slashes cannot turn into another
 * host; anything that resolves elsewhere goes home instead. The verdict does not depend on the origin,
 * so a caller that does not know its own may leave it out.
 */
export function safeNext(value: unknown, origin = 'http://site.invalid'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : '/';
}
