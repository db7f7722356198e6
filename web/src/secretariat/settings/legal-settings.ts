import type { ReglementInterieurSettingInput } from '../../graphql/generated/secretariat/graphql.ts';

/** The règlement intérieur form as typed: the limit is '' for the law's (three séances in a commune, an EPCI, a syndicat). */
export interface ReglementInterieurForm {
  validFrom: string;
  reference: string;
  proxyLimit: '' | '1' | '2';
  commissionQuorum: boolean;
}

/** What the form sends: a trimmed reference, no limit when the law's applies. */
export function reglementInterieurInput(form: ReglementInterieurForm): ReglementInterieurSettingInput {
  return {
    validFrom: form.validFrom,
    reference: form.reference.trim(),
    proxyMaxConsecutiveSeances: form.proxyLimit === '' ? null : Number(form.proxyLimit),
    commissionQuorum: form.commissionQuorum,
  };
}

/** Délégations de vote are given for one réunion, which may span several séances: only départements and régions (the API cites the article). */
export function hasReunions(bodyKind: string): boolean {
  return bodyKind === 'DEPARTEMENT' || bodyKind === 'REGION';
}

interface Seance {
  id: string;
  startsAt: string;
  status: string;
  assembly: { id: string };
}

/** The séances a draft séance may continue: earlier séances of the same assembly, not cancelled, the latest first. */
export function reunionCandidates<T extends Seance>(meetings: readonly T[], meeting: Seance): T[] {
  return meetings
    .filter(
      (other) =>
        other.id !== meeting.id &&
        other.assembly.id === meeting.assembly.id &&
        other.status !== 'CANCELLED' &&
        other.startsAt < meeting.startsAt,
    )
    .sort((left, right) => right.startsAt.localeCompare(left.startsAt));
}

/** Where the list of séances a séance may continue starts: a month before it (a réunion's séances follow each other within days). */
export function reunionSearchFrom(startsAt: string): string {
  return new Date(Date.parse(startsAt) - 31 * 86_400_000).toISOString();
}

/** The séance that opened this séance's réunion (the first of `reunionSeances`), or null when it opens its own. */
export function openingSeanceId(meetingId: string, reunionSeances: readonly { id: string }[]): string | null {
  const first = reunionSeances[0]?.id ?? meetingId;
  return first === meetingId ? null : first;
}
