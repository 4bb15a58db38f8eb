/**
 * A show's time is written on its venue's clock with the zone named ("Sat 19 Dec, 19:00 CET") by
 * every face: the web site loads the same module, so emails, the assistant, the CLI and the pages
 * cannot drift apart.
 */
export {
  canonicalTimeZone,
  fromLocalInput,
  localInputValue,
  showClock,
  showTime,
  viewerHint,
  wallClock,
  zonedInstant,
  zoneName,
} from './zoned-time.js';
export type { Instant, WallClock } from './zoned-time.js';
