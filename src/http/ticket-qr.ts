import QRCode from 'qrcode';
import type { BookingView } from '../db/queries/bookings.js';

/**
 * The booking's QR code as SVG. It holds the signed ticket codes one per line, so a door scanner
 * admits each ticket of the booking; the codes are signed, so the image proves nothing by itself.
 */
export function ticketQrSvg(codes: string[]): Promise<string> {
  return QRCode.toString(qrContent(codes), { type: 'svg', ...qrOptions });
}

/** The same code as PNG, for scanners and wallets that do not take vector images. */
export function ticketQrPng(codes: string[]): Promise<Buffer> {
  return QRCode.toBuffer(qrContent(codes), { type: 'png', ...qrOptions });
}

const qrOptions = { errorCorrectionLevel: 'M', margin: 2 } as const;

function qrContent(codes: string[]): string {
  return codes.join('\n') || 'no tickets';
}

export function qrPath(bookingId: string): string {
  return `/api/bookings/${encodeURIComponent(bookingId)}/qr.svg`;
}

/**
 * A booking view as the API returns it: `qr` is the address of its QR image rather than the image
 * itself, because drawing a QR code costs about a millisecond of CPU and a confirmation on a hot
 * show should not pay it for a picture most clients fetch later, if at all.
 */
export function withQr(view: BookingView): BookingView & { qr: string } {
  return { ...view, qr: qrPath(view.bookingId) };
}
