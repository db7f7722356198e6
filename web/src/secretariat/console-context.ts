import { useOutletContext } from 'react-router';
import type { ConsoleBodyQuery, ConsoleMeetingQuery } from '../graphql/generated/secretariat/graphql.ts';

export type ConsoleBodyData = ConsoleBodyQuery['body'];
export type ConsoleMeetingBody = ConsoleMeetingQuery['body'];
export type ConsoleMeetingData = ConsoleMeetingBody['meeting'];

/** What a body's console gives the section it shows. */
export interface BodyConsoleContext {
  body: ConsoleBodyData;
  refetch: () => Promise<unknown>;
}

/** What a meeting's console gives the step it shows. */
export interface MeetingConsoleContext {
  body: ConsoleMeetingBody;
  meeting: ConsoleMeetingData;
  /** The agenda and the documents change only while the meeting is a draft (documents: until it starts). */
  draft: boolean;
  refetch: () => Promise<unknown>;
}

export const useBodyConsole = () => useOutletContext<BodyConsoleContext>();
export const useMeetingConsole = () => useOutletContext<MeetingConsoleContext>();
