import { graphql } from '../../graphql/generated/secretariat/gql.ts';

export const MeetingChangeFields = graphql(`
  fragment MeetingChangeFields on Meeting {
    id
    status
    startsAt
    place
    lastChange {
      sequence
      kind
      reason
      previousStartsAt
      changedAt
      deadlineMet
    }
    scheduledSend {
      id
      runAt
      status
      scheduledByName
      failure
    }
  }
`);

export const MeetingChangesQuery = graphql(`
  query MeetingChanges($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        ...MeetingChangeFields
      }
    }
  }
`);

export const CancelMeetingMutation = graphql(`
  mutation CancelMeeting($bodyId: UUID!, $meetingId: UUID!, $reason: String!) {
    cancelMeeting(bodyId: $bodyId, meetingId: $meetingId, reason: $reason) {
      ...MeetingChangeFields
    }
  }
`);

export const MoveMeetingMutation = graphql(`
  mutation MoveMeeting($bodyId: UUID!, $meetingId: UUID!, $input: MoveMeetingInput!) {
    moveMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) {
      ...MeetingChangeFields
    }
  }
`);

export const DuplicateMeetingMutation = graphql(`
  mutation DuplicateMeeting($bodyId: UUID!, $meetingId: UUID!, $input: DuplicateMeetingInput!) {
    duplicateMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) {
      id
    }
  }
`);

export const ScheduleConvocationMutation = graphql(`
  mutation ScheduleConvocation($bodyId: UUID!, $meetingId: UUID!, $runAt: DateTime!) {
    scheduleConvocation(bodyId: $bodyId, meetingId: $meetingId, runAt: $runAt) {
      id
    }
  }
`);

export const CancelScheduledConvocationMutation = graphql(`
  mutation CancelScheduledConvocation($bodyId: UUID!, $meetingId: UUID!) {
    cancelScheduledConvocation(bodyId: $bodyId, meetingId: $meetingId) {
      id
    }
  }
`);
