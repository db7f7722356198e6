import { graphql } from '../../graphql/generated/secretariat/gql.ts';

/** Validation circuits and projets (« Projets », « Circuits de validation »). */
export const ConsoleProjetFields = graphql(`
  fragment ConsoleProjetFields on Projet {
    id
    title
    kind
    status
    version
    currentStep
    rapporteur
    rapport
    projetText
    circuitId
    agendaItemId
    meetingId
    updatedAt
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
`);

export const ConsoleCircuitFields = graphql(`
  fragment ConsoleCircuitFields on Circuit {
    id
    name
    steps {
      label
      validatorPersonId
      validatorName
      validatorRole
      delegatePersonId
      delegateName
    }
  }
`);

export const ProjetsQuery = graphql(`
  query ConsoleProjets($bodyId: UUID!, $status: ProjetStatus) {
    projets(bodyId: $bodyId, status: $status) {
      id
      title
      kind
      status
      version
      currentStep
      agendaItemId
      updatedAt
      steps {
        label
      }
    }
  }
`);

export const ProjetQuery = graphql(`
  query ConsoleProjet($bodyId: UUID!, $id: UUID!) {
    projet(bodyId: $bodyId, id: $id) {
      ...ConsoleProjetFields
    }
    circuits(bodyId: $bodyId) {
      id
      name
    }
  }
`);

export const CircuitsQuery = graphql(`
  query ConsoleCircuits($bodyId: UUID!, $slug: String!) {
    circuits(bodyId: $bodyId) {
      ...ConsoleCircuitFields
    }
    circuitSettings(bodyId: $bodyId) {
      itemKinds
    }
    body(slug: $slug) {
      id
      members {
        id
        roles
        person {
          id
          displayName
        }
      }
    }
  }
`);

export const CreateProjetMutation = graphql(`
  mutation CreateProjet($bodyId: UUID!, $input: ProjetInput!) {
    createProjet(bodyId: $bodyId, input: $input) {
      ...ConsoleProjetFields
    }
  }
`);

export const UpdateProjetMutation = graphql(`
  mutation UpdateProjet($bodyId: UUID!, $id: UUID!, $input: ProjetInput!) {
    updateProjet(bodyId: $bodyId, id: $id, input: $input) {
      ...ConsoleProjetFields
    }
  }
`);

export const AttachProjetDocumentMutation = graphql(`
  mutation AttachProjetDocument($bodyId: UUID!, $projetId: UUID!, $title: String!, $fileName: String!, $contentBase64: String!) {
    attachProjetDocument(bodyId: $bodyId, projetId: $projetId, title: $title, fileName: $fileName, contentBase64: $contentBase64) {
      id
    }
  }
`);

export const RemoveProjetDocumentMutation = graphql(`
  mutation RemoveProjetDocument($bodyId: UUID!, $projetId: UUID!, $documentId: UUID!) {
    removeProjetDocument(bodyId: $bodyId, projetId: $projetId, documentId: $documentId)
  }
`);

export const SubmitProjetMutation = graphql(`
  mutation SubmitProjet($bodyId: UUID!, $id: UUID!, $circuitId: UUID) {
    submitProjet(bodyId: $bodyId, id: $id, circuitId: $circuitId) {
      ...ConsoleProjetFields
    }
  }
`);

export const PlaceProjetOnAgendaMutation = graphql(`
  mutation PlaceProjetOnAgenda($bodyId: UUID!, $id: UUID!, $meetingId: UUID!) {
    placeProjetOnAgenda(bodyId: $bodyId, id: $id, meetingId: $meetingId) {
      ...ConsoleProjetFields
    }
  }
`);

export const SaveCircuitMutation = graphql(`
  mutation SaveCircuit($bodyId: UUID!, $id: UUID, $input: CircuitInput!) {
    saveCircuit(bodyId: $bodyId, id: $id, input: $input) {
      ...ConsoleCircuitFields
    }
  }
`);

export const UpdateCircuitSettingsMutation = graphql(`
  mutation UpdateCircuitSettings($bodyId: UUID!, $itemKinds: [AgendaItemKind!]!) {
    updateCircuitSettings(bodyId: $bodyId, itemKinds: $itemKinds) {
      itemKinds
    }
  }
`);

export const CircuitNamesQuery = graphql(`
  query ConsoleCircuitNames($bodyId: UUID!) {
    circuits(bodyId: $bodyId) {
      id
      name
    }
  }
`);
