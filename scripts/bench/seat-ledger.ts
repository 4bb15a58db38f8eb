/**
 * The double-sale check seen from the clients, the same for every server: a seat is certainly
 * someone's from the moment their hold's 201 arrives until their release is sent (for ever once
 * confirmed). If two such spans of one seat overlap, the server gave one seat to two customers at
 * once. Sound for any server, and it also covers hold/release runs that leave no rows behind.
 */
export class SeatLedger {
  private holds: { seats: string[]; from: number; to: number }[] = [];

  /** Records seats held as of `at`; call the returned function when the release is sent. */
  held(seats: string[], at: number): (releasedAt: number) => void {
    const hold = { seats, from: at, to: Infinity };
    this.holds.push(hold);
    return (releasedAt) => (hold.to = releasedAt);
  }

  /** Seats found in two overlapping spans. */
  doubles(): number {
    const bySeat = new Map<string, { from: number; to: number }[]>();
    for (const h of this.holds) for (const s of h.seats) (bySeat.get(s) ?? bySeat.set(s, []).get(s)!).push(h);
    let doubles = 0;
    for (const spans of bySeat.values()) {
      spans.sort((a, b) => a.from - b.from);
      let liveUntil = -Infinity;
      for (const span of spans) {
        if (span.from < liveUntil) doubles++;
        liveUntil = Math.max(liveUntil, span.to);
      }
    }
    return doubles;
  }
}
