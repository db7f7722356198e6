/** The ballots an official casts from the tablet on the open vote: their own, and one per pouvoir held. */
export interface BallotSlot {
  /** Whose vote: the official's own id, or the giver of a pouvoir. */
  voterId: string;
  /** The giver's name for a pouvoir; null for the official's own vote. */
  proxyFor: string | null;
  cast: boolean;
}

export interface BallotSituation {
  myId: string;
  /** Recorded in the room now (an official who is not cannot vote, nor for a pouvoir). */
  present: boolean;
  holdsProxyOf: readonly { personId: string; displayName: string }[];
  /** Members who declared an interest in the item: out of its vote, their pouvoirs too. */
  interested: ReadonlySet<string>;
  /** The voters for whom the official already cast a ballot on this vote. */
  myBallots: readonly string[];
}

/** The ballots to show, in order: the official's own first, then each pouvoir; none for who is not in the room. */
export function ballotSlots(situation: BallotSituation): BallotSlot[] {
  if (!situation.present) return [];
  const cast = new Set(situation.myBallots);
  const own = situation.interested.has(situation.myId) ? [] : [{ voterId: situation.myId, proxyFor: null, cast: cast.has(situation.myId) }];
  const proxies = situation.holdsProxyOf
    .filter((giver) => !situation.interested.has(giver.personId))
    .map((giver) => ({ voterId: giver.personId, proxyFor: giver.displayName, cast: cast.has(giver.personId) }));
  return [...own, ...proxies];
}
