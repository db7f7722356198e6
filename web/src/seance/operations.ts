import { graphql } from '../graphql/generated/gql.ts';

/**
 * Who voted what in a vote that is not secret (CGCT L2121-21): every member of the body once the vote is
 * closed, the président and the secretariat as the ballots come. For the officials' tablets and the console.
 */
export const VoteBallotsQuery = graphql(`
  query VoteBallots($slug: String!, $meetingId: UUID!, $voteId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        seance {
          meetingId
          vote(id: $voteId) {
            id
            ballots {
              voter {
                personId
                displayName
              }
              choice
            }
          }
        }
      }
    }
  }
`);
