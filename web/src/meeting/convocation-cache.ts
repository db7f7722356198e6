import type { ApolloCache } from '@apollo/client';
import type { MyConvocationFieldsFragment } from '../graphql/generated/graphql.ts';
import { MeetingConvocationFields } from '../graphql/operations.ts';

/**
 * Writes the caller's convocation into the cached meeting, so that the meeting page and the inbox show
 * it at once: `change` gets the cached one (when the meeting page loaded it) or null.
 */
export function writeMyConvocation(
  cache: ApolloCache,
  meetingId: string,
  change: (cached: MyConvocationFieldsFragment | null) => MyConvocationFieldsFragment | null,
): void {
  const id = cache.identify({ __typename: 'Meeting', id: meetingId });
  const fragment = { id, fragment: MeetingConvocationFields, fragmentName: 'MeetingConvocationFields' } as const;
  const cached = cache.readFragment(fragment)?.myConvocation ?? null;
  const myConvocation = change(cached);
  if (!myConvocation) return;
  // With its type name, which the generated types leave out and the cache needs to write it.
  const data = { __typename: 'Meeting' as const, id: meetingId, myConvocation };
  cache.writeFragment({ ...fragment, data });
}
