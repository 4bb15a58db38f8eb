/**
 * Where to send a customer after signing in: a path on this site, never another origin. The same rule
 * as the web site's own safeNext (assets/js/dom.js): "//evil.example" and "/\evil.example" name other
 * hosts once a browser resolves them, so they fall back to "/".
 */
export function safeNext(value: string | undefined): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  const origin = 'http://site.invalid';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : '/';
}
