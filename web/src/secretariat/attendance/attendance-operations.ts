import { graphql } from '../../graphql/generated/secretariat/gql.ts';

export const MeetingAttendanceFields = graphql(`
  fragment MeetingAttendanceFields on MeetingAttendance {
    opensOn
    open
    entries {
      personId
      displayName
      votingRight
      status
      remote
      proxyHolder {
        personId
        displayName
      }
      recordedAt
      announced {
        response
        remote
        proxyHolder {
          personId
        }
      }
    }
    quorum {
      ...QuorumForecastFields
    }
  }
`);

export const MeetingAttendanceQuery = graphql(`
  query MeetingAttendance($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        status
        legalNotices {
          remoteParticipation
        }
        quorumFailure {
          membersInOffice
          present
          required
          quorumArticle
          article
          earliestDate
          dePleinDroit
          convenedAgain {
            id
            startsAt
          }
        }
        secondConvocation {
          text
          firstMeeting {
            id
            startsAt
          }
        }
        attendance {
          ...MeetingAttendanceFields
        }
      }
    }
  }
`);

export const RecordAttendanceMutation = graphql(`
  mutation RecordAttendance($bodyId: UUID!, $input: RecordAttendanceInput!) {
    recordAttendance(bodyId: $bodyId, input: $input) {
      ...MeetingAttendanceFields
    }
  }
`);

export const MarkMeetingHeldMutation = graphql(`
  mutation MarkMeetingHeld($bodyId: UUID!, $meetingId: UUID!) {
    changeMeetingStatus(bodyId: $bodyId, meetingId: $meetingId, status: HELD) {
      id
      status
    }
  }
`);

export const ConveneAgainMutation = graphql(`
  mutation ConveneAgain($bodyId: UUID!, $input: ConveneAgainInput!) {
    conveneAgainWithoutQuorum(bodyId: $bodyId, input: $input) {
      id
      startsAt
    }
  }
`);
