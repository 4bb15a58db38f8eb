const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A show time on the city's clock: "Sat 14 Mar, 20:30". */
export function showTime(at: Date | string, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, f);
  }
  return f.format(typeof at === 'string' ? new Date(at) : at);
}
