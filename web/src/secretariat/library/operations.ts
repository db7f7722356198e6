import { graphql } from '../../graphql/generated/secretariat/gql.ts';

/** The body's library as its screen lists it. */
export const BodyLibraryQuery = graphql(`
  query BodyLibrary($slug: String!) {
    body(slug: $slug) {
      id
      library {
        category
        document {
          id
          kind
          title
          agendaItemId
          versions {
            id
            version
            pageCount
            sizeBytes
          }
        }
      }
    }
  }
`);
