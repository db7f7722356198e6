import { graphql } from '../../graphql/generated/secretariat/gql.ts';

/** The séance as the console shows it; every séance mutation answers with it. */
export const ConsoleSeanceFields = graphql(`
  fragment ConsoleSeanceFields on Seance {
    meetingId
    status
    electronicVoting
    openedAt
    closedAt
    secretaries {
      personId
      displayName
    }
    closedSession
    currentItem {
      id
    }
    items {
      id
      number
      title
      rapporteur
      closedSession
      status
      interested {
        personId
        displayName
      }
    }
    attendees {
      personId
      displayName
      votingRight
      present
      stays {
        arrivedAt
        leftAt
      }
      representedBy {
        personId
        displayName
      }
      holdsProxyOf {
        personId
        displayName
      }
    }
    quorum {
      id
      checkedAt
      membersInOffice
      present
      represented
      required
      counted
      reached
      article
    }
    quorumLostAt
    quorumChecks {
      id
      occasion
      itemId
      checkedAt
      present
      represented
      required
      counted
      reached
      article
    }
    votes {
      id
      itemId
      method
      electronic
      nomination
      status
      openedAt
      closedAt
      figures {
        for
        against
        abstention
        notVoting
        blank
        spoiled
      }
      enteredBySecretariat
      result
      expressed
      tie
      castingVoteUsed
      presidentChoice
      article
      liveCount {
        cast
        eligible
        figures {
          for
          against
          abstention
          notVoting
        }
      }
    }
    openVote {
      id
    }
  }
`);

export const ConsoleSeanceQuery = graphql(`
  query ConsoleSeance($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        status
        quorumFailure {
          dePleinDroit
          article
        }
        legalNotices {
          proxy
          illnessExtendsProxy
          majorityArticle
          ballotArticle
          publicBallotRequest {
            numerator
            denominator
          }
          secretBallotRequest {
            numerator
            denominator
          }
        }
        attendance {
          open
          opensOn
          entries {
            personId
            displayName
            votingRight
            status
            announced {
              response
            }
          }
        }
        seance {
          ...ConsoleSeanceFields
        }
      }
    }
  }
`);

export const OpenSeanceMutation = graphql(`
  mutation OpenSeance($bodyId: UUID!, $input: OpenSeanceInput!) {
    openSeance(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);

export const CheckSeanceQuorumMutation = graphql(`
  mutation CheckSeanceQuorum($bodyId: UUID!, $meetingId: UUID!) {
    checkSeanceQuorum(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const RecordArrivalMutation = graphql(`
  mutation RecordArrival($bodyId: UUID!, $input: SeanceMovementInput!) {
    recordArrival(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);

export const RecordDepartureMutation = graphql(`
  mutation RecordDeparture($bodyId: UUID!, $input: SeanceMovementInput!) {
    recordDeparture(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);

export const DecideClosedSessionMutation = graphql(`
  mutation DecideClosedSession($bodyId: UUID!, $meetingId: UUID!, $closedSession: Boolean!) {
    decideClosedSession(bodyId: $bodyId, meetingId: $meetingId, closedSession: $closedSession) {
      ...ConsoleSeanceFields
    }
  }
`);

export const SuspendSeanceMutation = graphql(`
  mutation SuspendSeance($bodyId: UUID!, $meetingId: UUID!) {
    suspendSeance(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const ResumeSeanceMutation = graphql(`
  mutation ResumeSeance($bodyId: UUID!, $meetingId: UUID!) {
    resumeSeance(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const CloseSeanceMutation = graphql(`
  mutation CloseSeance($bodyId: UUID!, $meetingId: UUID!) {
    closeSeance(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const SetCurrentItemMutation = graphql(`
  mutation SetCurrentItem($bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!) {
    setCurrentItem(bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const DecideSeanceItemMutation = graphql(`
  mutation DecideSeanceItem($bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!, $decision: SeanceItemDecision!) {
    decideSeanceItem(bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId, decision: $decision) {
      ...ConsoleSeanceFields
    }
  }
`);

export const DeclareInterestMutation = graphql(`
  mutation DeclareInterest($bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!, $personId: UUID!) {
    declareInterest(bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId, personId: $personId) {
      ...ConsoleSeanceFields
    }
  }
`);

export const OpenVoteMutation = graphql(`
  mutation OpenVote($bodyId: UUID!, $input: OpenVoteInput!) {
    openVote(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);

export const CastBallotByNameMutation = graphql(`
  mutation CastBallotByName($bodyId: UUID!, $input: CastBallotInput!) {
    castBallot(bodyId: $bodyId, input: $input) {
      id
    }
  }
`);

export const CloseVoteMutation = graphql(`
  mutation CloseVote($bodyId: UUID!, $input: CloseVoteInput!) {
    closeVote(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);

export const EnterVoteTotalsMutation = graphql(`
  mutation EnterVoteTotals($bodyId: UUID!, $input: VoteTotalsInput!) {
    enterVoteTotals(bodyId: $bodyId, input: $input) {
      ...ConsoleSeanceFields
    }
  }
`);
