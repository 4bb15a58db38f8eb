// A show's time as every face writes it: on the venue's clock with the zone named, by the very module
// emails, the assistant and the CLI use; the viewer's own time only as a quieter hint when it differs.
import { h } from './dom.js';
import { showTime, viewerHint } from './zoned-time.js';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Sat 19 Dec, 19:00 CET"; a server too old to name the zone gets UTC, named as such. */
export function venueTime(iso: string, timeZone: string | null | undefined): string {
  return showTime(iso, timeZone || 'UTC');
}

/** "02:45 CET your time", or null when the viewer's clock reads the same as the venue's. */
export function yourTime(iso: string, timeZone: string | null | undefined): string | null {
  return viewerHint(iso, timeZone || 'UTC', viewerZone);
}

/** The venue's time in a <time> element, followed by the viewer's own time when it differs. */
export function showTimeNodes(iso: string, timeZone: string | null | undefined): (HTMLElement | null)[] {
  const hint = yourTime(iso, timeZone);
  return [
    h('time', { datetime: iso, class: 'show-time' }, venueTime(iso, timeZone)),
    hint ? h('span', { class: 'hint your-time' }, ` (${hint})`) : null,
  ];
}
