/**
 * The web site's and the inspector's policy: everything a page loads comes from this origin; blob: is
 * the booking's QR, fetched with the token. No inline script or style attribute runs, so markup
 * injected through data (a show title, a name) cannot execute or restyle the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
