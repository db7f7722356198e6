/**
 * Wall-clock times of a body's time zone (a meeting at 18:00 in Besançon is at 18:00 whatever the
 * secretariat's computer says) to and from the instants the API speaks.
 */

const wallClock = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** The wall-clock time in `timeZone` at `instant`, read as if it were UTC (milliseconds). */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2027-01-14T18:00" (an `<input type="datetime-local">`) in `timeZone` → ISO 8601 in UTC; null when the
 * text is not such a time. In the hour skipped by a change to summer time, the time after it; in the repeated hour, winter time.
 */
export function localInputToIso(value: string, timeZone: string): string | null {
  const match = localPattern.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wanted)) return null;
  // The offset at the first guess, then at the instant it gives (they differ around a change of time).
  let instant = wanted - (wallClockAsUtc(wanted, timeZone) - wanted);
  instant = wanted - (wallClockAsUtc(instant, timeZone) - instant);
  return new Date(instant).toISOString();
}

/** An instant → "2027-01-14T18:00" in `timeZone`, for an `<input type="datetime-local">`. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  return new Date(wallClockAsUtc(Date.parse(iso), timeZone)).toISOString().slice(0, 16);
}
