import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import type { Session } from '../auth/session.ts';

/** Apollo on `/graphql`, each request with a fresh access token of the session. */
export function createGraphqlClient(session: Session): ApolloClient {
  const auth = new SetContextLink(async (previous) => {
    const token = await session.accessToken();
    return { headers: { ...previous.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });
  return new ApolloClient({
    // A refetch after a mutation must ask the server again: deduplicated onto an identical request still in
    // flight from before the mutation (a page shown from the cache while `cache-and-network` refreshes it),
    // it would answer with the state before the change and the screen would not move.
    queryDeduplication: false,
    link: ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({
      typePolicies: {
        // Fields without an id of their own are merged into their parent (no cache warning).
        Meeting: { fields: { agenda: { merge: false }, documents: { merge: false } } },
        Document: { fields: { annotations: { merge: false }, versions: { merge: false } } },
        // The inbox reads part of a convocation, the meeting page all of it: both are kept.
        MyConvocation: { merge: true, fields: { proxyCandidates: { merge: false } } },
        Convocation: { fields: { documents: { merge: false } } },
        AlertPreferences: { merge: true },
        // A séance is the meeting's (no id of its own); its lists are replaced by each answer.
        Seance: {
          keyFields: ['meetingId'],
          fields: {
            secretaries: { merge: false },
            items: { merge: false },
            attendees: { merge: false },
            quorumChecks: { merge: false },
            votes: { merge: false },
            me: { merge: true },
          },
        },
        SeanceItem: { fields: { interested: { merge: false } } },
        SeanceVote: {
          fields: {
            liveCount: { merge: true },
            myBallots: { merge: false },
            requestedBy: { merge: false },
            figures: { merge: true },
            ballots: { merge: false },
          },
        },
      },
    }),
  });
}
