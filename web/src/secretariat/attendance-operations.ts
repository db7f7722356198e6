import { graphql } from '../graphql/generated/secretariat/gql.ts';

export const MeetingAttendanceFields = graphql(`
  fragment MeetingAttendanceFields on MeetingAttendance {
    opensOn
    open
    entries {
      personId
      displayName
      votingRight
      status
      proxyHolder {
        personId
        displayName
      }
      recordedAt
      announced {
        response
        proxyHolder {
          personId
        }
      }
    }
    quorum {
      membersInOffice
      required
      present
      represented
      absent
      unanswered
      counted
      reached
      rule {
        statutory
        article
        description
        countsProxies
      }
    }
  }
`);

export const MeetingAttendanceQuery = graphql(`
  query MeetingAttendance($slug: String!, $meetingId: ID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        status
        attendance {
          ...MeetingAttendanceFields
        }
      }
    }
  }
`);

export const RecordAttendanceMutation = graphql(`
  mutation RecordAttendance($bodyId: ID!, $input: RecordAttendanceInput!) {
    recordAttendance(bodyId: $bodyId, input: $input) {
      ...MeetingAttendanceFields
    }
  }
`);

export const MarkMeetingHeldMutation = graphql(`
  mutation MarkMeetingHeld($bodyId: ID!, $meetingId: ID!) {
    changeMeetingStatus(bodyId: $bodyId, meetingId: $meetingId, status: HELD) {
      id
      status
    }
  }
`);
