import { graphql } from '../../graphql/generated/secretariat/gql.ts';

/** The body's own billing (its admins only): the Stripe invoices mirroring its issued invoices. */
export const BodyBillingQuery = graphql(`
  query BodyBilling($slug: String!) {
    body(slug: $slug) {
      id
      billing {
        enabled
        seats
        invoices {
          id
          number
          status
          currency
          amountDueCents
          amountPaidCents
          createdAt
          periodStart
          periodEnd
          hostedInvoiceUrl
        }
      }
    }
  }
`);

/** The body's share of the groupement's costs for a month (its admins only). */
export const BodyCostStatementQuery = graphql(`
  query BodyCostStatement($slug: String!, $month: Month!) {
    body(slug: $slug) {
      id
      costStatement(month: $month) {
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
          deviceId
          serialNumber
          fullCents
          sharedBetween
          shareCents
        }
      }
    }
  }
`);

/** The body's Factur-X invoices and its Chorus Pro settings (its admins only). */
export const BodyInvoicesQuery = graphql(`
  query BodyInvoices($slug: String!) {
    body(slug: $slug) {
      id
      invoices {
        id
        kind
        number
        month
        issuedOn
        totalCents
        chorusStatus
        facturXUrl
        paymentStatus
        paymentStatusAt
      }
      billingSettings {
        siret
        chorusServiceCode
        engagementRequired
        engagementNumber
      }
    }
  }
`);

export const UpdateBodyBillingSettingsMutation = graphql(`
  mutation UpdateBodyBillingSettings($bodyId: UUID!, $input: BodyBillingSettingsInput!) {
    updateBodyBillingSettings(bodyId: $bodyId, input: $input) {
      siret
      chorusServiceCode
      engagementRequired
      engagementNumber
    }
  }
`);
