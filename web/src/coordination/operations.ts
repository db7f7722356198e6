import { graphql } from '../graphql/generated/coordination/gql.ts';

/** The member bodies of the groupement (every body, for the coordinator). */
export const MemberBodiesQuery = graphql(`
  query MemberBodies {
    bodies {
      id
      slug
      name
      kind
      population
      timeZone
      status
    }
  }
`);

export const CreateMemberBodyMutation = graphql(`
  mutation CreateMemberBody($input: MemberBodyInput!) {
    createMemberBody(input: $input) {
      body {
        id
        name
      }
      invitationSent
      linkedExistingAccount
    }
  }
`);

export const ChangeBodyStatusMutation = graphql(`
  mutation ChangeBodyStatus($bodyId: UUID!, $action: BodyLifecycleAction!) {
    changeBodyStatus(bodyId: $bodyId, action: $action) {
      id
      status
    }
  }
`);

export const ContractFields = graphql(`
  fragment ContractFields on Contract {
    id
    reference
    holderBody {
      id
      name
    }
    supplier
    startsOn
    endsOn
    seatPriceCents
    devicePriceCents
    setupPriceCents
    sharingRule
    weights {
      bodyId
      weight
    }
    supplierSiret
    supplierVatNumber
    supplierAddress
    prorateByDay
    billStaffSeats
    supportPriceCents
    supportSharing
  }
`);

export const ContractsQuery = graphql(`
  query Contracts {
    contracts {
      ...ContractFields
    }
    bodies {
      id
      name
      status
    }
  }
`);

export const CreateContractMutation = graphql(`
  mutation CreateContract($input: ContractInput!) {
    createContract(input: $input) {
      ...ContractFields
    }
  }
`);

export const UpdateContractMutation = graphql(`
  mutation UpdateContract($contractId: UUID!, $input: ContractInput!) {
    updateContract(contractId: $contractId, input: $input) {
      ...ContractFields
    }
  }
`);

export const DeviceFields = graphql(`
  fragment DeviceFields on Device {
    id
    serialNumber
    model
    purchasedOn
    notes
    state
    currentLoan {
      id
      allocatedAt
      acceptedAt
      person {
        id
        displayName
      }
    }
  }
`);

/** The inventory, its counts, and who could receive a tablet. */
export const DevicesQuery = graphql(`
  query Devices($state: DeviceState) {
    devices(state: $state) {
      ...DeviceFields
    }
    deviceCounts {
      state
      count
    }
    officialsWithoutDevice {
      body {
        id
        name
      }
      officials {
        id
        displayName
        email
      }
    }
  }
`);

export const DeviceQuery = graphql(`
  query Device($id: UUID!) {
    device(id: $id) {
      ...DeviceFields
      loans {
        id
        allocatedAt
        acceptedAt
        endedAt
        endReason
        endNote
        conventionUrl
        person {
          id
          displayName
        }
      }
      tickets {
        ...TicketFields
      }
    }
  }
`);

export const AddDeviceMutation = graphql(`
  mutation AddDevice($input: DeviceInput!) {
    addDevice(input: $input) {
      ...DeviceFields
    }
  }
`);

export const ImportDevicesMutation = graphql(`
  mutation ImportDevices($csv: String!) {
    importDevices(csv: $csv) {
      imported {
        id
      }
      errors {
        line
        serialNumber
        message
      }
    }
  }
`);

export const AllocateDeviceMutation = graphql(`
  mutation AllocateDevice($deviceId: UUID!, $personId: UUID!) {
    allocateDevice(deviceId: $deviceId, personId: $personId) {
      id
      person {
        displayName
      }
    }
  }
`);

export const RecordDeviceEventMutation = graphql(`
  mutation RecordDeviceEvent($deviceId: UUID!, $event: AllocationEndReason!, $note: String) {
    recordDeviceEvent(deviceId: $deviceId, event: $event, note: $note) {
      id
      state
    }
  }
`);

export const RecordDeviceRepairedMutation = graphql(`
  mutation RecordDeviceRepaired($deviceId: UUID!) {
    recordDeviceRepaired(deviceId: $deviceId) {
      id
      state
    }
  }
`);

export const TicketFields = graphql(`
  fragment TicketFields on SupportTicket {
    id
    subject
    description
    status
    openedAt
    openedBy {
      displayName
    }
    resolvedAt
    resolution
    device {
      id
      serialNumber
    }
  }
`);

export const SupportTicketsQuery = graphql(`
  query SupportTickets($status: TicketStatus) {
    supportTickets(status: $status) {
      ...TicketFields
    }
    devices {
      id
      serialNumber
    }
  }
`);

export const OpenSupportTicketMutation = graphql(`
  mutation OpenSupportTicket($deviceId: UUID!, $input: SupportTicketInput!) {
    openSupportTicket(deviceId: $deviceId, input: $input) {
      ...TicketFields
    }
  }
`);

export const ResolveSupportTicketMutation = graphql(`
  mutation ResolveSupportTicket($ticketId: UUID!, $resolution: String!) {
    resolveSupportTicket(ticketId: $ticketId, resolution: $resolution) {
      ...TicketFields
    }
  }
`);

export const CostStatementFields = graphql(`
  fragment CostStatementFields on CostStatement {
    body {
      id
      name
    }
    month
    closed
    closedAt
    seatCount
    seatsCents
    devicesCents
    setupCents
    totalCents
    lines {
      kind
      personId
      personName
      serialNumber
      fullCents
      shareCents
      sharedBetween
    }
  }
`);

export const CostStatementsQuery = graphql(`
  query CostStatements($month: Month!) {
    costStatements(month: $month) {
      ...CostStatementFields
    }
  }
`);

export const CloseCostMonthMutation = graphql(`
  mutation CloseCostMonth($month: Month!) {
    closeCostMonth(month: $month) {
      ...CostStatementFields
    }
  }
`);

export const BillingQuery = graphql(`
  query Billing {
    billingStatus {
      enabled
    }
    billingAccounts {
      body {
        id
        name
      }
      enabled
      stripeCustomerId
      seats
      invoices {
        id
        number
        status
        createdAt
        periodStart
        periodEnd
        amountDueCents
        amountPaidCents
        currency
        hostedInvoiceUrl
      }
    }
  }
`);

/** Who may receive a tablet: officials without one, by body; and those who hold one (the server refuses them). */
export const AllocationCandidatesQuery = graphql(`
  query AllocationCandidates {
    officialsWithoutDevice {
      body {
        id
        name
      }
      officials {
        id
        displayName
      }
    }
    devices(state: ALLOCATED) {
      id
      serialNumber
      currentLoan {
        id
        person {
          id
          displayName
        }
      }
    }
  }
`);

/** A month's statements as files (coordinator): short-lived links. */
export const CostStatementsExportQuery = graphql(`
  query CostStatementsExport($month: Month!) {
    costStatementsExport(month: $month) {
      csvUrl
      pdfUrl
    }
  }
`);

export const IssueInvoicesMutation = graphql(`
  mutation IssueInvoices($month: Month!) {
    issueInvoices(month: $month) {
      id
      number
    }
  }
`);

/** Every body's Factur-X invoices and credit notes of a year. */
export const IssuedInvoicesQuery = graphql(`
  query IssuedInvoices($year: Int!) {
    issuedInvoices(year: $year) {
      id
      kind
      number
      month
      issuedOn
      totalCents
      chorusStatus
      facturXUrl
      body {
        id
        name
      }
      paymentStatus
      paymentStatusAt
      lines {
        description
        amountCents
      }
    }
  }
`);

export const SetInvoiceChorusStatusMutation = graphql(`
  mutation SetInvoiceChorusStatus($invoiceId: UUID!, $status: ChorusStatus!) {
    setInvoiceChorusStatus(invoiceId: $invoiceId, status: $status) {
      id
      chorusStatus
    }
  }
`);

/** A credit note for part of one line of an invoice (amount excluding tax). */
export const IssueCreditNoteMutation = graphql(`
  mutation IssueCreditNote($invoiceId: UUID!, $lineNumber: Int!, $amountCents: Int!, $reason: String!) {
    issueCreditNote(invoiceId: $invoiceId, lineNumbers: [$lineNumber], amountCents: $amountCents, reason: $reason) {
      id
      number
    }
  }
`);
