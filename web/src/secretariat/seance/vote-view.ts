export interface Attendee {
  personId: string;
  displayName: string;
  votingRight: boolean;
  present: boolean;
  holdsProxyOf: readonly { personId: string; displayName: string }[];
}

/** Who may be called in a roll call: each member present with a vote, then each pouvoir they hold; the interested left out. */
export function rollCall(
  attendees: readonly Attendee[],
  interested: ReadonlySet<string>,
): { personId: string; displayName: string; holder: string | null }[] {
  return attendees
    .filter((attendee) => attendee.present && attendee.votingRight && !interested.has(attendee.personId))
    .flatMap((attendee) => [
      { personId: attendee.personId, displayName: attendee.displayName, holder: null },
      ...attendee.holdsProxyOf
        .filter((giver) => !interested.has(giver.personId))
        .map((giver) => ({ personId: giver.personId, displayName: giver.displayName, holder: attendee.displayName })),
    ]);
}
