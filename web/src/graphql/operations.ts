import { graphql } from './generated/gql.ts';

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
  query Meeting($slug: String!, $meetingId: ID!) {
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
        assembly {
          id
          name
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
  mutation SaveAnnotation($bodyId: ID!, $input: AnnotationInput!) {
    saveAnnotation(bodyId: $bodyId, input: $input) {
      ...AnnotationFields
    }
  }
`);

export const DeleteAnnotationMutation = graphql(`
  mutation DeleteAnnotation($bodyId: ID!, $annotationId: ID!) {
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

/** The caller's seats: the console opens for the bodies where they are secretariat or administrator. */
export const MyBodiesQuery = graphql(`
  query MyBodies {
    me {
      id
      memberships {
        id
        roles
        body {
          id
          slug
          name
        }
      }
    }
  }
`);
