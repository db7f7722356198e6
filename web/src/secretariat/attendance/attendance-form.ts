import type { AttendanceStatus, MeetingAttendanceFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';

type Entry = MeetingAttendanceFieldsFragment['entries'][number];

/** What the form holds for one official: a status (none yet), the representative, and where it came from. */
export interface AttendanceChoice {
  status: AttendanceStatus | null;
  proxyHolderId: string;
  /** Present « à distance » (CGCT L5211-11-1), where the assembly allows it. */
  remote: boolean;
  /** RECORDED: as saved in session; ANNOUNCED: pre-filled from the official's answer, to be checked; NONE: nothing yet. */
  source: 'RECORDED' | 'ANNOUNCED' | 'NONE';
}

const fromAnnounced: Record<string, AttendanceStatus> = { PRESENT: 'PRESENT', ABSENT: 'ABSENT', PROXY: 'REPRESENTED' };

/** The form's first state: what was recorded, otherwise what the official announced (pre-filled), otherwise nothing. */
export function initialChoices(entries: readonly Entry[]): Map<string, AttendanceChoice> {
  const choiceOf = (entry: Entry): AttendanceChoice => {
    if (entry.status)
      return { status: entry.status, proxyHolderId: entry.proxyHolder?.personId ?? '', remote: entry.remote, source: 'RECORDED' };
    if (entry.announced)
      return {
        status: fromAnnounced[entry.announced.response]!,
        proxyHolderId: entry.announced.proxyHolder?.personId ?? '',
        remote: entry.announced.remote,
        source: 'ANNOUNCED',
      };
    return { status: null, proxyHolderId: '', remote: false, source: 'NONE' };
  };
  return new Map(entries.map((entry) => [entry.personId, choiceOf(entry)]));
}

/** Who may represent an official: the other members with a voting right marked present in the form. */
export function possibleHolders(entries: readonly Entry[], choices: ReadonlyMap<string, AttendanceChoice>, personId: string): Entry[] {
  return entries.filter((entry) => entry.personId !== personId && entry.votingRight && choices.get(entry.personId)?.status === 'PRESENT');
}

/** The entries to send: every official with a status chosen (the server keeps unchanged ones as they are). */
export function entriesToRecord(choices: ReadonlyMap<string, AttendanceChoice>) {
  return [...choices]
    .filter(([, choice]) => choice.status !== null)
    .map(([personId, choice]) => ({
      personId,
      status: choice.status!,
      proxyHolderId: choice.status === 'REPRESENTED' ? choice.proxyHolderId || null : null,
      remote: choice.status === 'PRESENT' && choice.remote,
    }));
}
