import { graphql } from '../../graphql/generated/secretariat/gql.ts';

export const ConsoleDeliberationFields = graphql(`
  fragment ConsoleDeliberationFields on Deliberation {
    id
    meetingId
    agendaItemId
    number
    title
    matiereCode
    matiereName
    rapporteur
    visas
    considerants
    dispositif
    status
    version
    pdfUrl
    finalisedAt
    publishedAt
    publishedByName
    publishedByQuality
    prefectureId
    acknowledgmentId
    acknowledgedAt
    executoryAt
    vote {
      effectif
      votants
      pour
      contre
      abstention
      result
    }
    signatories {
      personId
      role
      signed
    }
  }
`);

export const ConsoleProcesVerbalFields = graphql(`
  fragment ConsoleProcesVerbalFields on ProcesVerbal {
    id
    status
    presidentId
    secretaryIds
    particularBallotRequests
    finalisedAt
    arreteMeetingId
    arreteAt
    publishedAt
    publishedByName
    publishedByQuality
    publicationDueAt
    pdfUrl
    summaries {
      agendaItemId
      summary
    }
    signatures {
      personId
      signerName
      role
      signedAt
    }
  }
`);

export const ActSettingsFields = graphql(`
  fragment ActSettingsFields on ActSettings {
    numberFormat
    templateVisas
    templateConsiderants
    templateDispositif
    publicityMode
    publicityModeSince
    actesDepartment
  }
`);

/** A held séance's acts: its délibérations, its PV, what the séance decided and who sat. */
export const MeetingActsQuery = graphql(`
  query MeetingActs($slug: String!, $bodyId: UUID!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meetings(limit: 200) {
        id
        title
        startsAt
        assembly {
          id
        }
      }
      meeting(id: $meetingId) {
        id
        attendance {
          entries {
            personId
            displayName
            votingRight
          }
        }
        seance {
          meetingId
          status
          secretaries {
            personId
            displayName
          }
          items {
            id
            number
            title
            rapporteur
            status
          }
          attendees {
            personId
            displayName
            votingRight
          }
        }
      }
    }
    deliberations(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleDeliberationFields
    }
    procesVerbal(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConsoleProcesVerbalFields
    }
    actSettings(bodyId: $bodyId) {
      ...ActSettingsFields
    }
  }
`);

export const BodyActsQuery = graphql(`
  query BodyActs($bodyId: UUID!) {
    deliberations(bodyId: $bodyId) {
      id
      meetingId
      number
      title
      status
      finalisedAt
      publishedAt
      acknowledgedAt
      executoryAt
    }
    actSettings(bodyId: $bodyId) {
      ...ActSettingsFields
    }
  }
`);

export const ArreteMeetingAgendaQuery = graphql(`
  query ArreteMeetingAgenda($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        agenda {
          id
          number
          title
        }
      }
    }
  }
`);

export const CreateDeliberationMutation = graphql(`
  mutation CreateDeliberation($bodyId: UUID!, $meetingId: UUID!, $agendaItemId: UUID, $input: DeliberationInput!) {
    createDeliberation(bodyId: $bodyId, meetingId: $meetingId, agendaItemId: $agendaItemId, input: $input) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const UpdateDeliberationMutation = graphql(`
  mutation UpdateDeliberation($bodyId: UUID!, $id: UUID!, $input: DeliberationInput!) {
    updateDeliberation(bodyId: $bodyId, id: $id, input: $input) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const RecordDeliberationVoteMutation = graphql(`
  mutation RecordDeliberationVote($bodyId: UUID!, $id: UUID!, $vote: DeliberationVoteInput!) {
    recordDeliberationVote(bodyId: $bodyId, id: $id, vote: $vote) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const FinaliseDeliberationMutation = graphql(`
  mutation FinaliseDeliberation($bodyId: UUID!, $id: UUID!) {
    finaliseDeliberation(bodyId: $bodyId, id: $id) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const ReviseDeliberationMutation = graphql(`
  mutation ReviseDeliberation($bodyId: UUID!, $id: UUID!) {
    reviseDeliberation(bodyId: $bodyId, id: $id) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const PublishDeliberationMutation = graphql(`
  mutation PublishDeliberation($bodyId: UUID!, $id: UUID!, $author: ActAuthorInput!) {
    publishDeliberation(bodyId: $bodyId, id: $id, author: $author) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const RecordActesAcknowledgmentMutation = graphql(`
  mutation RecordActesAcknowledgment($bodyId: UUID!, $id: UUID!, $acknowledgment: ActesAcknowledgmentInput!) {
    recordActesAcknowledgment(bodyId: $bodyId, id: $id, acknowledgment: $acknowledgment) {
      ...ConsoleDeliberationFields
    }
  }
`);

export const ActesArchiveUrlQuery = graphql(`
  query ActesArchiveUrl($bodyId: UUID!, $id: UUID!) {
    actesArchiveUrl(bodyId: $bodyId, id: $id)
  }
`);

export const RegistreUrlQuery = graphql(`
  query RegistreUrl($bodyId: UUID!, $year: Int!) {
    registreUrl(bodyId: $bodyId, year: $year)
  }
`);

export const UpdateActSettingsMutation = graphql(`
  mutation UpdateActSettings($bodyId: UUID!, $input: ActSettingsInput!) {
    updateActSettings(bodyId: $bodyId, input: $input) {
      ...ActSettingsFields
    }
  }
`);

export const CreateProcesVerbalMutation = graphql(`
  mutation CreateProcesVerbal($bodyId: UUID!, $meetingId: UUID!, $input: ProcesVerbalInput!) {
    createProcesVerbal(bodyId: $bodyId, meetingId: $meetingId, input: $input) {
      ...ConsoleProcesVerbalFields
    }
  }
`);

export const SetProcesVerbalSummaryMutation = graphql(`
  mutation SetProcesVerbalSummary($bodyId: UUID!, $id: UUID!, $agendaItemId: UUID!, $summary: String!) {
    setProcesVerbalSummary(bodyId: $bodyId, id: $id, agendaItemId: $agendaItemId, summary: $summary) {
      ...ConsoleProcesVerbalFields
    }
  }
`);

export const FinaliseProcesVerbalMutation = graphql(`
  mutation FinaliseProcesVerbal($bodyId: UUID!, $id: UUID!) {
    finaliseProcesVerbal(bodyId: $bodyId, id: $id) {
      ...ConsoleProcesVerbalFields
    }
  }
`);

export const ScheduleProcesVerbalArreteMutation = graphql(`
  mutation ScheduleProcesVerbalArrete($bodyId: UUID!, $id: UUID!, $agendaItemId: UUID!) {
    scheduleProcesVerbalArrete(bodyId: $bodyId, id: $id, agendaItemId: $agendaItemId) {
      ...ConsoleProcesVerbalFields
    }
  }
`);

export const ArreteProcesVerbalMutation = graphql(`
  mutation ArreteProcesVerbal($bodyId: UUID!, $id: UUID!) {
    arreteProcesVerbal(bodyId: $bodyId, id: $id) {
      ...ConsoleProcesVerbalFields
    }
  }
`);

export const PublishProcesVerbalMutation = graphql(`
  mutation PublishProcesVerbal($bodyId: UUID!, $id: UUID!, $author: ActAuthorInput!) {
    publishProcesVerbal(bodyId: $bodyId, id: $id, author: $author) {
      ...ConsoleProcesVerbalFields
    }
  }
`);
