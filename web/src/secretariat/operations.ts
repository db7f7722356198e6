import { graphql } from '../graphql/generated/secretariat/gql.ts';

export const ConsoleMeetingSummary = graphql(`
  fragment ConsoleMeetingSummary on Meeting {
    id
    title
    startsAt
    status
    place
    urgent
    assembly {
      id
      name
    }
  }
`);

/** The articles the console's texts cite, for the body's kind (never a commune's for a département). */
export const ConsoleLegalArticles = graphql(`
  fragment ConsoleLegalArticles on BodyLegalArticles {
    secretaries
    closedSession
    interest
    deliberationList
    minutes
    publicationMentions
    register
    convocationChannel
    politicalGroups
    proxy
  }
`);

export const ConsoleBodyQuery = graphql(`
  query ConsoleBody($slug: String!) {
    body(slug: $slug) {
      id
      slug
      name
      kind
      population
      timeZone
      legalArticles {
        ...ConsoleLegalArticles
      }
      assemblies {
        id
        name
        kind
      }
      meetings(limit: 200) {
        ...ConsoleMeetingSummary
      }
    }
  }
`);

export const CreateMeetingMutation = graphql(`
  mutation CreateMeeting($bodyId: UUID!, $input: MeetingInput!) {
    createMeeting(bodyId: $bodyId, input: $input) {
      ...ConsoleMeetingSummary
    }
  }
`);

export const UpdateMeetingMutation = graphql(`
  mutation UpdateMeeting($bodyId: UUID!, $meetingId: UUID!, $input: MeetingInput!) {
    updateMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) {
      ...ConsoleMeetingSummary
    }
  }
`);

export const ConsoleAgendaItem = graphql(`
  fragment ConsoleAgendaItem on AgendaItem {
    id
    number
    position
    title
    kind
    rapporteur
    icpe
    closedSession
    budgetPrimitif
  }
`);

/** The agenda as the server numbers it: every agenda write answers with it. */
export const ConsoleAgenda = graphql(`
  fragment ConsoleAgenda on Meeting {
    id
    agenda {
      ...ConsoleAgendaItem
      children {
        ...ConsoleAgendaItem
      }
    }
  }
`);

export const ConsoleDocuments = graphql(`
  fragment ConsoleDocuments on Meeting {
    id
    documents {
      id
      kind
      title
      agendaItemId
      versions {
        id
        version
        fileName
        sizeBytes
        pageCount
        uploadedAt
      }
    }
  }
`);

export const ConsoleMeetingQuery = graphql(`
  query ConsoleMeeting($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      slug
      name
      kind
      population
      timeZone
      legalArticles {
        ...ConsoleLegalArticles
      }
      assemblies {
        id
        name
        kind
      }
      meeting(id: $meetingId) {
        ...ConsoleMeetingSummary
        urgencyJustification
        legalNotices {
          remoteParticipation
        }
        ...ConsoleAgenda
        ...ConsoleDocuments
      }
    }
  }
`);

export const AddAgendaItemMutation = graphql(`
  mutation AddAgendaItem($bodyId: UUID!, $meetingId: UUID!, $input: AgendaItemInput!, $place: AgendaPlaceInput) {
    addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: $input, place: $place) {
      ...ConsoleAgenda
    }
  }
`);

export const UpdateAgendaItemMutation = graphql(`
  mutation UpdateAgendaItem($bodyId: UUID!, $itemId: UUID!, $input: AgendaItemInput!) {
    updateAgendaItem(bodyId: $bodyId, itemId: $itemId, input: $input) {
      ...ConsoleAgenda
    }
  }
`);

export const MoveAgendaItemMutation = graphql(`
  mutation MoveAgendaItem($bodyId: UUID!, $itemId: UUID!, $place: AgendaPlaceInput!) {
    moveAgendaItem(bodyId: $bodyId, itemId: $itemId, place: $place) {
      ...ConsoleAgenda
    }
  }
`);

export const RemoveAgendaItemMutation = graphql(`
  mutation RemoveAgendaItem($bodyId: UUID!, $itemId: UUID!) {
    removeAgendaItem(bodyId: $bodyId, itemId: $itemId) {
      ...ConsoleAgenda
    }
  }
`);

export const UploadTicketFields = graphql(`
  fragment UploadTicketFields on UploadTicket {
    uploadId
    url
    maxBytes
    expiresAt
    fields {
      name
      value
    }
    parts {
      partSize
      partCount
    }
  }
`);

export const RequestDocumentUploadMutation = graphql(`
  mutation RequestDocumentUpload($bodyId: UUID!, $input: DocumentUploadInput!) {
    requestDocumentUpload(bodyId: $bodyId, input: $input) {
      ...UploadTicketFields
    }
  }
`);

export const RequestDocumentUploadPartsMutation = graphql(`
  mutation RequestDocumentUploadParts($bodyId: UUID!, $uploadId: UUID!, $partNumbers: [Int!]!) {
    requestDocumentUploadParts(bodyId: $bodyId, uploadId: $uploadId, partNumbers: $partNumbers) {
      partNumber
      url
      sizeBytes
    }
  }
`);

export const DocumentUploadQuery = graphql(`
  query DocumentUpload($slug: String!, $uploadId: UUID!) {
    body(slug: $slug) {
      id
      documentUpload(id: $uploadId) {
        id
        partSize
        partCount
        sizeBytes
        storedParts {
          partNumber
          sizeBytes
        }
      }
    }
  }
`);

export const AbortDocumentUploadMutation = graphql(`
  mutation AbortDocumentUpload($bodyId: UUID!, $uploadId: UUID!) {
    abortDocumentUpload(bodyId: $bodyId, uploadId: $uploadId)
  }
`);

export const CompleteDocumentUploadMutation = graphql(`
  mutation CompleteDocumentUpload($bodyId: UUID!, $uploadId: UUID!) {
    completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId)
  }
`);

export const DeleteDocumentMutation = graphql(`
  mutation DeleteDocument($bodyId: UUID!, $documentId: UUID!) {
    deleteDocument(bodyId: $bodyId, documentId: $documentId)
  }
`);

export const ConvocationFields = graphql(`
  fragment ConvocationFields on Convocation {
    id
    sequence
    kind
    sentAt
    onTime
    latestSendAt
    clearDays
    article
    urgent
    urgencyJustification
    manifestSha256
    documentCount
    recipientCount
  }
`);

export const DeadlineFields = graphql(`
  fragment DeadlineFields on ConvocationDeadline {
    latestSendAt
    latestSendDate
    clearDays
    article
    urgent
  }
`);

export const ConveningQuery = graphql(`
  query Convening($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        status
        urgent
        urgencyJustification
        legalNotices {
          urgency
        }
        convocationDeadline {
          ...DeadlineFields
        }
        convocationPreview {
          recipients {
            personId
            displayName
            votingRight
            mode
            channels {
              channel
              address
            }
          }
          urgentDeadline {
            ...DeadlineFields
          }
          missingSynthesis
          awaitingCircuit
          channelsOff {
            channel
            reason
          }
        }
        convocations {
          ...ConvocationFields
        }
      }
    }
  }
`);

export const ConvocationMessagesQuery = graphql(`
  query ConvocationMessages($slug: String!, $meetingId: UUID!, $urgent: Boolean, $urgencyJustification: String) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        convocationMessages(urgent: $urgent, urgencyJustification: $urgencyJustification) {
          emailSubject
          emailHtml
          smsText
          letterRecipient
          letterPdfBase64
        }
      }
    }
  }
`);

export const SendConvocationMutation = graphql(`
  mutation SendConvocation($bodyId: UUID!, $input: SendConvocationInput!) {
    sendConvocation(bodyId: $bodyId, input: $input) {
      ...ConvocationFields
    }
  }
`);

export const AnswerFields = graphql(`
  fragment AnswerFields on AttendanceAnswer {
    id
    response
    illnessDeclared
    recordedAt
    recordedOnBehalf
    proxyHolder {
      personId
      displayName
    }
  }
`);

export const FollowUpRowFields = graphql(`
  fragment FollowUpRowFields on ConvocationFollowUp {
    personId
    displayName
    mode
    votingRight
    firstOpenedAt
    acknowledgedAt
    documentsDownloaded
    deliveries {
      id
      channel
      purpose
      status
      address
      attempts
      interruptedSends
      lastError
      acceptedAt
      postedOn
      letterReady
      letterUrl
    }
    answer {
      ...AnswerFields
    }
    currentChannels {
      channel
      address
    }
  }
`);

export const QuorumForecastFields = graphql(`
  fragment QuorumForecastFields on QuorumForecast {
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
`);

export const FollowUpQuery = graphql(`
  query FollowUp($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        status
        followUp {
          ...FollowUpRowFields
        }
        quorumForecast {
          ...QuorumForecastFields
        }
        legalNotices {
          proxy
          illnessExtendsProxy
        }
        proof {
          attestationUrl
          bundleUrl
          attendanceSheetUrl
          expiresAt
        }
        convocations {
          ...ConvocationFields
        }
      }
    }
  }
`);

export const SendRemindersMutation = graphql(`
  mutation SendReminders($bodyId: UUID!, $meetingId: UUID!) {
    sendConvocationReminders(bodyId: $bodyId, meetingId: $meetingId)
  }
`);

export const ResendConvocationMutation = graphql(`
  mutation ResendConvocation($bodyId: UUID!, $meetingId: UUID!, $personId: UUID!, $channels: [DeliveryChannel!]) {
    resendConvocation(bodyId: $bodyId, meetingId: $meetingId, personId: $personId, channels: $channels) {
      ...FollowUpRowFields
    }
  }
`);

export const SendSupplementMutation = graphql(`
  mutation SendSupplement($bodyId: UUID!, $meetingId: UUID!) {
    sendConvocationSupplement(bodyId: $bodyId, meetingId: $meetingId) {
      ...ConvocationFields
    }
  }
`);

export const RecordLetterPostedMutation = graphql(`
  mutation RecordLetterPosted($bodyId: UUID!, $deliveryId: UUID!, $postedOn: LocalDate!) {
    recordLetterPosted(bodyId: $bodyId, deliveryId: $deliveryId, postedOn: $postedOn) {
      id
      status
      postedOn
    }
  }
`);

export const AnswerOnBehalfMutation = graphql(`
  mutation AnswerOnBehalf($bodyId: UUID!, $input: AnswerConvocationInput!) {
    answerConvocation(bodyId: $bodyId, input: $input) {
      ...AnswerFields
    }
  }
`);

export const MembershipFields = graphql(`
  fragment MembershipFields on Membership {
    id
    roles
    mandateStart
    mandateEnd
    person {
      id
      displayName
      email
    }
  }
`);

export const AssemblyFields = graphql(`
  fragment AssemblyFields on Assembly {
    id
    name
    kind
    convocationClearDays
    convocationRuleReference
    membersInOffice
    suppleantsArticle
    members {
      id
      personId
      displayName
      role
      votingRight
      mandateStart
      mandateEnd
      inOffice
      titulaireSeatId
    }
  }
`);

export const MembersQuery = graphql(`
  query Members($slug: String!) {
    body(slug: $slug) {
      id
      members {
        ...MembershipFields
      }
      assemblies {
        ...AssemblyFields
      }
      paperConvocations {
        personId
        postalAddress
      }
      memberContacts {
        personId
        email
        mobilePhone
        accountEmail
        accountMobilePhone
        smsAlerts
      }
      reglementInterieur {
        ...ReglementInterieurFields
      }
    }
  }
`);

export const AddMemberMutation = graphql(`
  mutation AddMember($bodyId: UUID!, $input: AddMemberInput!) {
    addMember(bodyId: $bodyId, input: $input) {
      linkedExistingAccount
      invitationSent
      membership {
        ...MembershipFields
      }
    }
  }
`);

export const UpdateMembershipMutation = graphql(`
  mutation UpdateMembership($bodyId: UUID!, $membershipId: UUID!, $input: MembershipTermsInput!) {
    updateMembership(bodyId: $bodyId, membershipId: $membershipId, input: $input) {
      ...MembershipFields
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation RemoveMember($bodyId: UUID!, $membershipId: UUID!) {
    removeMember(bodyId: $bodyId, membershipId: $membershipId)
  }
`);

export const SetMemberContactMutation = graphql(`
  mutation SetMemberContact($bodyId: UUID!, $personId: UUID!, $email: String, $mobilePhone: String) {
    setMemberContact(bodyId: $bodyId, personId: $personId, email: $email, mobilePhone: $mobilePhone) {
      personId
    }
  }
`);

export const SetMemberPaperConvocationMutation = graphql(`
  mutation SetMemberPaperConvocation($bodyId: UUID!, $personId: UUID!, $postalAddress: String) {
    setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: $postalAddress)
  }
`);

export const CreateAssemblyMutation = graphql(`
  mutation CreateAssembly($bodyId: UUID!, $input: AssemblyInput!) {
    createAssembly(bodyId: $bodyId, input: $input) {
      ...AssemblyFields
    }
  }
`);

export const AddSeatMutation = graphql(`
  mutation AddSeat($bodyId: UUID!, $assemblyId: UUID!, $input: AssemblyMemberInput!) {
    addAssemblyMember(bodyId: $bodyId, assemblyId: $assemblyId, input: $input) {
      ...AssemblyFields
    }
  }
`);

export const UpdateSeatMutation = graphql(`
  mutation UpdateSeat($bodyId: UUID!, $memberId: UUID!, $input: AssemblySeatTermsInput!) {
    updateAssemblyMember(bodyId: $bodyId, memberId: $memberId, input: $input) {
      ...AssemblyFields
    }
  }
`);

export const RemoveSeatMutation = graphql(`
  mutation RemoveSeat($bodyId: UUID!, $memberId: UUID!) {
    removeAssemblyMember(bodyId: $bodyId, memberId: $memberId)
  }
`);

export const SetCommissionDelayMutation = graphql(`
  mutation SetCommissionDelay($bodyId: UUID!, $assemblyId: UUID!, $clearDays: Int, $reference: String) {
    setCommissionConvocationDelay(bodyId: $bodyId, assemblyId: $assemblyId, clearDays: $clearDays, reference: $reference) {
      ...AssemblyFields
    }
  }
`);

export const AttendanceCountsFields = graphql(`
  fragment AttendanceCountsFields on AttendanceCounts {
    convened
    present
    proxies
    absent
    unanswered
    recorded
  }
`);

export const StatisticsQuery = graphql(`
  query Statistics($slug: String!, $from: DateTime, $to: DateTime) {
    body(slug: $slug) {
      id
      statistics(from: $from, to: $to) {
        meetings
        convenedMeetings
        recordedMeetings
        announcedMeetings
        sends
        onTimeSends
        urgentConvocations
        opened
        acknowledged
        meanHoursToOpen
        documentsSent
        pagesSent
        electronicPages
        electronicDeliveries
        paperDeliveries
        attendance {
          ...AttendanceCountsFields
        }
        officials {
          personId
          displayName
          opened
          acknowledged
          proxiesHeld
          meanHoursToOpen
          attendance {
            ...AttendanceCountsFields
          }
        }
        assemblies {
          assemblyId
          name
          meetings
          recordedMeetings
          attendance {
            ...AttendanceCountsFields
          }
        }
      }
    }
  }
`);

export const ReglementInterieurFields = graphql(`
  fragment ReglementInterieurFields on ReglementInterieurSetting {
    validFrom
    reference
    proxyMaxConsecutiveSeances
    commissionQuorum
  }
`);

export const AddReglementInterieurSettingMutation = graphql(`
  mutation AddReglementInterieurSetting($bodyId: UUID!, $input: ReglementInterieurSettingInput!) {
    addReglementInterieurSetting(bodyId: $bodyId, input: $input) {
      ...ReglementInterieurFields
    }
  }
`);

/** A draft séance of a département or région, its réunion, and the séances it may continue. */
export const MeetingReunionQuery = graphql(`
  query MeetingReunion($slug: String!, $meetingId: UUID!, $from: DateTime!) {
    body(slug: $slug) {
      id
      meeting(id: $meetingId) {
        id
        reunionSeances {
          id
        }
      }
      meetings(from: $from, limit: 200) {
        ...ConsoleMeetingSummary
      }
    }
  }
`);

export const SetMeetingReunionMutation = graphql(`
  mutation SetMeetingReunion($bodyId: UUID!, $meetingId: UUID!, $reunionMeetingId: UUID) {
    setMeetingReunion(bodyId: $bodyId, meetingId: $meetingId, reunionMeetingId: $reunionMeetingId) {
      id
      reunionSeances {
        id
      }
    }
  }
`);

/** The identity of the body's emails (sender name, Reply-To), for its settings. */
export const BodyMailSettingsQuery = graphql(`
  query BodyMailSettings($slug: String!) {
    body(slug: $slug) {
      id
      name
      mailSenderName
      defaultMailSenderName
      mailReplyTo
      logoUrl
    }
  }
`);

export const UpdateBodyMailSettingsMutation = graphql(`
  mutation UpdateBodyMailSettings($bodyId: UUID!, $input: BodyMailSettingsInput!) {
    updateBodyMailSettings(bodyId: $bodyId, input: $input) {
      id
      mailSenderName
      mailReplyTo
    }
  }
`);

export const RequestBodyLogoUploadMutation = graphql(`
  mutation RequestBodyLogoUpload($bodyId: UUID!, $contentType: String!, $sizeBytes: Float!) {
    requestBodyLogoUpload(bodyId: $bodyId, contentType: $contentType, sizeBytes: $sizeBytes) {
      uploadId
      url
      maxBytes
      fields {
        name
        value
      }
    }
  }
`);

export const CompleteBodyLogoUploadMutation = graphql(`
  mutation CompleteBodyLogoUpload($bodyId: UUID!, $uploadId: UUID!) {
    completeBodyLogoUpload(bodyId: $bodyId, uploadId: $uploadId) {
      id
      logoUrl
    }
  }
`);

export const RequestLibraryUploadMutation = graphql(`
  mutation RequestLibraryUpload($bodyId: UUID!, $input: LibraryUploadInput!) {
    requestLibraryUpload(bodyId: $bodyId, input: $input) {
      ...UploadTicketFields
    }
  }
`);
