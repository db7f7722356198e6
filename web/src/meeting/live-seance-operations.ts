import { graphql } from '../graphql/generated/gql.ts';

/** The séance as an official's tablet follows it: the current item, the open vote and the ballots they cast. */
export const LiveSeanceFields = graphql(`
  fragment LiveSeanceFields on Seance {
    meetingId
    status
    closedSession
    currentItem {
      id
      number
      title
      rapporteur
      closedSession
      interested {
        personId
      }
    }
    openVote {
      id
      itemId
      method
      electronic
      status
      myBallots
    }
    votes {
      id
      itemId
      method
      status
      result
      tie
      figures {
        for
        against
        abstention
        notVoting
        blank
        spoiled
      }
    }
    me {
      manager
      member
      present
      holdsProxyOf {
        personId
        displayName
      }
    }
  }
`);

export const LiveSeanceQuery = graphql(`
  query LiveSeance($slug: String!, $meetingId: UUID!) {
    me {
      id
    }
    body(slug: $slug) {
      id
      slug
      name
      timeZone
      legalArticles {
        interest
      }
      meeting(id: $meetingId) {
        id
        title
        startsAt
        status
        legalNotices {
          majorityArticle
        }
        documents {
          id
          title
          kind
          agendaItemId
        }
        seance {
          ...LiveSeanceFields
        }
      }
    }
  }
`);

export const CastBallotMutation = graphql(`
  mutation CastBallot($bodyId: UUID!, $input: CastBallotInput!) {
    castBallot(bodyId: $bodyId, input: $input) {
      id
      myBallots
    }
  }
`);

/** The président's (and the secretariat's) live count of the open vote: refused to anyone else. */
export const LiveVoteCountQuery = graphql(`
  query LiveVoteCount($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        seance {
          meetingId
          openVote {
            id
            liveCount {
              cast
              eligible
              figures {
                for
                against
                abstention
              }
            }
          }
        }
      }
    }
  }
`);

export const CloseVoteFromTabletMutation = graphql(`
  mutation CloseVoteFromTablet($bodyId: UUID!, $input: CloseVoteInput!) {
    closeVote(bodyId: $bodyId, input: $input) {
      ...LiveSeanceFields
    }
  }
`);
