/**
 * One Intl.NumberFormat per currency: building one per call showed in the notification dispatcher's
 * profile, and a fact batch formats hundreds of amounts in a handful of currencies.
 */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; scale: number }>();

/** Minor units as people write the amount: `8900 EUR` -> "€89.00". */
export function money(amount: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    f = { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
    moneyFormats.set(currency, f);
  }
  return f.format.format(amount / f.scale);
}
