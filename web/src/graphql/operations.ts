import { graphql } from './generated/gql.ts';

export const AttendanceAnswerFields = graphql(`
  fragment AttendanceAnswerFields on AttendanceAnswer {
    id
    response
    proxyHolder {
      personId
      displayName
    }
    illnessDeclared
    illnessCertifiedOn
    recordedAt
    recordedOnBehalf
  }
`);

/** Where the official stands on a convocation: what the inbox shows of it. */
export const ConvocationStatusFields = graphql(`
  fragment ConvocationStatusFields on MyConvocation {
    firstOpenedAt
    acknowledgedAt
    answersOpen
    lastSupplementAt
    changedDocumentsUnread
    answer {
      ...AttendanceAnswerFields
    }
  }
`);

/**
 * Their whole convocation, as the meeting page shows it and the receipt mutations return it. Fragments
 * are not nested further: the server's depth limit counts each spread as a level.
 */
export const MyConvocationFields = graphql(`
  fragment MyConvocationFields on MyConvocation {
    firstOpenedAt
    acknowledgedAt
    answersOpen
    lastSupplementAt
    changedDocumentsUnread
    answer {
      ...AttendanceAnswerFields
    }
    mode
    votingRight
    answerHistory {
      ...AttendanceAnswerFields
    }
    proxyCandidates {
      personId
      displayName
    }
  }
`);

/** A meeting's convocation, to write a mutation's answer into the cached meeting. */
export const MeetingConvocationFields = graphql(`
  fragment MeetingConvocationFields on Meeting {
    id
    myConvocation {
      ...MyConvocationFields
    }
  }
`);

export const InboxQuery = graphql(`
  query Inbox($from: DateTime) {
    me {
      id
      displayName
    }
    myMeetings(from: $from) {
      id
      title
      startsAt
      status
      place
      body {
        id
        slug
        name
        timeZone
      }
      assembly {
        id
        name
      }
      myConvocation {
        ...ConvocationStatusFields
      }
      lastChange {
        kind
        reason
        previousStartsAt
      }
    }
  }
`);

export const AnnotationFields = graphql(`
  fragment AnnotationFields on Annotation {
    id
    documentId
    kind
    quote
    prefix
    suffix
    createdOnVersionId
    versionId
    pageNumber
    anchoredQuote
    anchorStatus
    note
    sharedWithGroup
    rects {
      x
      y
      width
      height
    }
    updatedAt
  }
`);

export const AgendaItemFields = graphql(`
  fragment AgendaItemFields on AgendaItem {
    id
    number
    title
    kind
    rapporteur
    icpe
    closedSession
  }
`);

export const MeetingQuery = graphql(`
  query Meeting($slug: String!, $meetingId: UUID!) {
    body(slug: $slug) {
      id
      slug
      name
      timeZone
      meeting(id: $meetingId) {
        id
        title
        startsAt
        status
        place
        urgent
        urgencyJustification
        lastChange {
          kind
          reason
          previousStartsAt
        }
        assembly {
          id
          name
        }
        convocations {
          id
          sequence
          kind
          sentAt
          documentCount
          documents {
            documentId
            versionId
            title
            change
          }
        }
        legalNotices {
          proxy
          illnessExtendsProxy
        }
        myConvocation {
          ...MyConvocationFields
        }
        agenda {
          ...AgendaItemFields
          children {
            ...AgendaItemFields
          }
        }
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
            downloadUrl
          }
          annotations {
            ...AnnotationFields
          }
        }
      }
    }
  }
`);

export const SaveAnnotationMutation = graphql(`
  mutation SaveAnnotation($bodyId: UUID!, $input: AnnotationInput!) {
    saveAnnotation(bodyId: $bodyId, input: $input) {
      ...AnnotationFields
    }
  }
`);

export const DeleteAnnotationMutation = graphql(`
  mutation DeleteAnnotation($bodyId: UUID!, $annotationId: UUID!) {
    deleteAnnotation(bodyId: $bodyId, annotationId: $annotationId)
  }
`);

export const SearchQuery = graphql(`
  query SearchDocuments($query: String!) {
    searchDocuments(query: $query) {
      body {
        id
        slug
        name
      }
      meetingId
      meetingTitle
      meetingStartsAt
      libraryCategory
      documentId
      documentTitle
      pageNumber
      excerpt
      highlights {
        start
        length
      }
    }
  }
`);

export const RecordConvocationOpenedMutation = graphql(`
  mutation RecordConvocationOpened($bodyId: UUID!, $meetingId: UUID!) {
    recordConvocationOpened(bodyId: $bodyId, meetingId: $meetingId) {
      ...MyConvocationFields
    }
  }
`);

export const AcknowledgeConvocationMutation = graphql(`
  mutation AcknowledgeConvocation($bodyId: UUID!, $meetingId: UUID!) {
    acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) {
      ...MyConvocationFields
    }
  }
`);

export const AnswerConvocationMutation = graphql(`
  mutation AnswerConvocation($bodyId: UUID!, $input: AnswerConvocationInput!) {
    answerConvocation(bodyId: $bodyId, input: $input) {
      ...AttendanceAnswerFields
    }
  }
`);

export const BodiesQuery = graphql(`
  query Bodies {
    bodies {
      id
      slug
    }
  }
`);

export const AlertPreferencesFields = graphql(`
  fragment AlertPreferencesFields on AlertPreferences {
    mobilePhone
    smsAlerts
    pushDevices
  }
`);

export const ProfileQuery = graphql(`
  query Profile {
    me {
      id
      displayName
      email
      calendarUrl
      alerts {
        ...AlertPreferencesFields
      }
      memberships {
        id
        roles
        body {
          id
          slug
          name
          legalArticles {
            convocationChannel
          }
        }
        paperConvocation {
          postalAddress
          requestedAt
        }
      }
    }
    pushPublicKey
  }
`);

export const UpdateAlertPreferencesMutation = graphql(`
  mutation UpdateAlertPreferences($mobilePhone: String, $smsAlerts: Boolean!) {
    updateAlertPreferences(mobilePhone: $mobilePhone, smsAlerts: $smsAlerts) {
      ...AlertPreferencesFields
    }
  }
`);

export const SubscribePushMutation = graphql(`
  mutation SubscribePush($input: PushSubscriptionInput!) {
    subscribePush(input: $input) {
      ...AlertPreferencesFields
    }
  }
`);

export const UnsubscribePushMutation = graphql(`
  mutation UnsubscribePush($endpoint: String!) {
    unsubscribePush(endpoint: $endpoint) {
      ...AlertPreferencesFields
    }
  }
`);

export const SetPaperConvocationMutation = graphql(`
  mutation SetPaperConvocation($bodyId: UUID!, $postalAddress: String) {
    setPaperConvocation(bodyId: $bodyId, postalAddress: $postalAddress)
  }
`);

/** The caller's seats: the console opens for the bodies where they are secretariat or administrator. */
export const MyBodiesQuery = graphql(`
  query MyBodies {
    me {
      id
      coordinator
      memberships {
        id
        roles
        body {
          id
          slug
          name
          logoUrl
        }
      }
    }
  }
`);

/** The official's tablet, its loan convention, and the support requests they opened that are still open. */
export const MyTabletQuery = graphql(`
  query MyTablet {
    myDevice {
      id
      allocatedAt
      conventionUrl
      conventionSha256
      acceptedAt
      device {
        id
        model
        serialNumber
      }
    }
    mySupportTickets(status: OPEN) {
      id
      subject
      description
      openedAt
    }
  }
`);

export const AcceptLoanConventionMutation = graphql(`
  mutation AcceptLoanConvention($loanId: UUID!, $conventionSha256: String!) {
    acceptLoanConvention(loanId: $loanId, conventionSha256: $conventionSha256) {
      id
      acceptedAt
    }
  }
`);

export const OpenSupportTicketMutation = graphql(`
  mutation OpenSupportTicket($deviceId: UUID!, $input: SupportTicketInput!) {
    openSupportTicket(deviceId: $deviceId, input: $input) {
      id
    }
  }
`);

/** « À signer »: the délibérations the caller must still sign in a body. */
export const DeliberationsToSignQuery = graphql(`
  query DeliberationsToSign($bodyId: UUID!) {
    deliberationsToSign(bodyId: $bodyId) {
      id
      number
      title
      version
      pdfUrl
    }
  }
`);

/** « À signer »: the procès-verbaux arrêtés the caller must still sign in a body. */
export const ProcesVerbauxToSignQuery = graphql(`
  query ProcesVerbauxToSign($bodyId: UUID!) {
    procesVerbauxToSign(bodyId: $bodyId) {
      id
      meetingStartsAt
      pdfUrl
    }
  }
`);

export const SignProcesVerbalMutation = graphql(`
  mutation SignProcesVerbal($bodyId: UUID!, $id: UUID!) {
    signProcesVerbal(bodyId: $bodyId, id: $id) {
      id
      status
    }
  }
`);

export const SignDeliberationMutation = graphql(`
  mutation SignDeliberation($bodyId: UUID!, $id: UUID!, $version: Int!) {
    signDeliberation(bodyId: $bodyId, id: $id, version: $version) {
      id
      status
      version
    }
  }
`);

/** « À viser »: the projets waiting for the caller in a validation circuit, then those they acted on. */
export const ProjetsToVisaQuery = graphql(`
  query ProjetsToVisa($bodyId: UUID!) {
    projetsToVisa(bodyId: $bodyId) {
      id
      title
      kind
      status
      version
      currentStep
      waitingForMe
      delegateOfCurrentStep
      updatedAt
    }
  }
`);

export const ProjetToVisaQuery = graphql(`
  query ProjetToVisa($bodyId: UUID!, $id: UUID!) {
    projet(bodyId: $bodyId, id: $id) {
      id
      title
      kind
      status
      version
      currentStep
      rapporteur
      rapport
      projetText
      waitingForMe
      delegateOfCurrentStep
      steps {
        label
        validatorName
        validatorRole
        delegateName
      }
      documents {
        id
        title
        fileName
        sizeBytes
        downloadUrl
      }
      history {
        id
        version
        action
        step
        stepLabel
        actorName
        asDelegate
        comment
        actedAt
      }
    }
  }
`);

export const DecideOnProjetMutation = graphql(`
  mutation DecideOnProjet($bodyId: UUID!, $id: UUID!, $input: CircuitDecisionInput!) {
    decideOnProjet(bodyId: $bodyId, id: $id, input: $input) {
      id
      status
      version
      currentStep
      waitingForMe
    }
  }
`);

export const LibraryDocumentFields = graphql(`
  fragment LibraryDocumentFields on LibraryDocument {
    category
    body {
      id
      slug
      name
    }
    document {
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
        downloadUrl
      }
      annotations {
        ...AnnotationFields
      }
    }
  }
`);

export const LibraryQuery = graphql(`
  query Library {
    library {
      ...LibraryDocumentFields
    }
  }
`);

export const LibraryDocumentQuery = graphql(`
  query LibraryDocument($slug: String!, $documentId: UUID!) {
    body(slug: $slug) {
      id
      libraryDocument(id: $documentId) {
        ...LibraryDocumentFields
      }
    }
  }
`);
