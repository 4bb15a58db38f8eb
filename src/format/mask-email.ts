/**
 * An address someone can recognise but not copy: the local part's first character, then `***`, and
 * the domain as it is (`ada.lovelace@example.com` -> `a***@example.com`). Admin views that only need
 * to tell customers apart show this, so an exported screen or a shoulder surfer learns no address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
