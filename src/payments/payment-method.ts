import type { PaymentInput } from './gateway.js';

/** Luhn checksum over the digits of a card number (spaces and dashes allowed between groups). */
export function passesLuhn(cardNumber: string): boolean {
  const digits = normalizeCardNumber(cardNumber);
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether a card's "MM/YY" or "MM/YYYY" expiry has passed at `now`: a card is good through the last
 * day of its month (UTC). An expiry that cannot be read counts as expired.
 */
export function cardExpired(expiry: string, now: number): boolean {
  const match = /^(\d{2})\/(\d{2}|\d{4})$/.exec(expiry.trim());
  if (!match) return true;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return true;
  return now >= Date.UTC(year, month, 1);
}

export function normalizeCardNumber(cardNumber: string): string {
  return cardNumber.replace(/[\s-]/g, '');
}

/**
 * How a payment method is shown and stored: never the full card number, only its last four digits,
 * so neither our tables nor our logs ever hold card data.
 */
export function describeMethod(method: PaymentInput): string {
  switch (method.method) {
    case 'card':
      return `card ****${normalizeCardNumber(method.cardNumber).slice(-4)}`;
    case 'paypal':
      return `paypal ${method.account.trim().toLowerCase()}`;
  }
}
