import QRCode from 'qrcode';
import type { BookingView } from '../db/queries/bookings.js';

/**
 * The booking's QR code as an SVG data URL. It holds the signed ticket codes one per line, so a door
 * scanner admits each ticket of the booking; the codes are signed, so the image proves nothing by itself.
 */
export async function ticketQr(codes: string[]): Promise<string> {
  const svg = await QRCode.toString(codes.join('\n') || 'no tickets', {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** A booking view as the API returns it: with its QR image. */
export async function withQr(view: BookingView): Promise<BookingView & { qr: string }> {
  return { ...view, qr: await ticketQr(view.tickets.map((t) => t.code)) };
}
