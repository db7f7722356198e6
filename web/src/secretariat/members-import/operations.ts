import { graphql } from '../../graphql/generated/secretariat/gql.ts';

export const PoliticalGroupsQuery = graphql(`
  query PoliticalGroups($slug: String!) {
    body(slug: $slug) {
      id
      politicalGroups {
        id
        name
        shortName
        color
        memberIds
      }
    }
  }
`);

export const PreviewMembersImportMutation = graphql(`
  mutation PreviewMembersImport($bodyId: UUID!, $csv: String!) {
    previewMembersImport(bodyId: $bodyId, csv: $csv) {
      format
      linesWithErrors
      newGroups
      lines {
        line
        mergedLines
        familyName
        givenName
        email
        birthDate
        groupName
        assemblyName
        role
        errors
      }
    }
  }
`);

export const ImportMembersMutation = graphql(`
  mutation ImportMembers($bodyId: UUID!, $csv: String!) {
    importMembers(bodyId: $bodyId, csv: $csv) {
      format
      imported
      linkedExistingAccounts
      groupsCreated
    }
  }
`);

export const CreatePoliticalGroupMutation = graphql(`
  mutation CreatePoliticalGroup($bodyId: UUID!, $input: PoliticalGroupInput!) {
    createPoliticalGroup(bodyId: $bodyId, input: $input) {
      id
    }
  }
`);

export const AssignPoliticalGroupMutation = graphql(`
  mutation AssignPoliticalGroup($bodyId: UUID!, $input: PoliticalGroupAssignmentInput!) {
    assignPoliticalGroup(bodyId: $bodyId, input: $input) {
      id
      memberIds
    }
  }
`);
