import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { BillingResolver, BodyBillingResolver, IssuedInvoiceResolver } from '../billing/billing.resolver.js';
import { AgendaResolver } from '../body/agenda/agenda.resolver.js';
import { DocumentAnnotationsResolver } from '../body/annotations/annotation.resolver.js';
import { AssemblyResolver } from '../body/assemblies/assembly.resolver.js';
import { AttendanceResolver } from '../body/attendance/attendance.resolver.js';
import { MeetingConvocationResolver } from '../body/convocations/send/send.resolver.js';
import { DeliveryResolver } from '../body/convocations/delivery/delivery.resolver.js';
import { MeetingFollowUpResolver } from '../body/convocations/delivery/follow-up.resolver.js';
import { MeetingReceiptResolver } from '../body/convocations/receipts/receipt.resolver.js';
import { MyConvocationResolver } from '../body/convocations/receipts/my-convocation.resolver.js';
import { BodyPaperConvocationsResolver } from '../body/convocations/contacts/contacts.resolver.js';
import { MembershipConvocationResolver } from '../body/convocations/contacts/membership-paper.resolver.js';
import { RecordedAttendanceResolver } from '../body/attendance/recorded-attendance.resolver.js';
import { MeetingProofResolver } from '../evidence/proof/proof.resolver.js';
import { AlertsResolver } from '../platform/alerts/alerts.resolver.js';
import { BodyDocumentUploadResolver, DocumentVersionResolver, MeetingDocumentsResolver } from '../body/documents/document.resolver.js';
import { InboxResolver } from '../body/meetings/inbox.resolver.js';
import { BodyMeetingsResolver, MeetingMutationsResolver } from '../body/meetings/meeting.resolver.js';
import { DocumentSearchResolver } from '../body/search/document-search.resolver.js';
import { BodyStatisticsResolver } from '../body/statistics/statistics.resolver.js';
import { ConvocationDeadlineResolver, MeetingDeadlineResolver } from '../body/meetings/convocation-deadline.resolver.js';
import { MeetingRulesResolver } from '../body/meetings/meeting-rules.resolver.js';
import { BodyResolver } from '../platform/bodies/body.resolver.js';
import { DeviceLoanResolver, DeviceResolver } from '../platform/devices/device.resolver.js';
import { GroupementResolver } from '../platform/groupement/groupement.resolver.js';
import { BodyMembersResolver, MembershipResolver } from '../platform/people/membership.resolver.js';
import { MeetingSeanceResolver, SeanceMutationsResolver, SeanceVoteResolver, SeanceVotesResolver } from '../body/seance/seance.resolver.js';
import { DeliberationResolver } from '../acts/deliberation.resolver.js';
import { ProcesVerbalResolver } from '../acts/proces-verbal.resolver.js';
import { enforceAccess } from './access.js';
import { guardTextInput } from './input-guard.js';
import { SecondConvocationResolver } from '../body/meetings/second-convocation.resolver.js';
import { ReunionResolver } from '../body/meetings/reunion.resolver.js';
import { ReglementInterieurResolver } from '../body/rules/reglement-interieur.resolver.js';
import { DateTimeScalar } from './scalars.js';

export const resolvers = [
  BodyResolver,
  BodyMembersResolver,
  MembershipResolver,
  BodyMeetingsResolver,
  MeetingMutationsResolver,
  AssemblyResolver,
  AgendaResolver,
  MeetingDocumentsResolver,
  BodyDocumentUploadResolver,
  DocumentVersionResolver,
  ConvocationDeadlineResolver,
  MeetingDeadlineResolver,
  MeetingRulesResolver,
  MeetingConvocationResolver,
  MeetingFollowUpResolver,
  MeetingReceiptResolver,
  MyConvocationResolver,
  DeliveryResolver,
  MembershipConvocationResolver,
  BodyPaperConvocationsResolver,
  MeetingProofResolver,
  AlertsResolver,
  AttendanceResolver,
  RecordedAttendanceResolver,
  InboxResolver,
  DocumentAnnotationsResolver,
  DocumentSearchResolver,
  GroupementResolver,
  DeviceResolver,
  DeviceLoanResolver,
  BodyBillingResolver,
  BillingResolver,
  IssuedInvoiceResolver,
  BodyStatisticsResolver,
  SecondConvocationResolver,
  ReunionResolver,
  ReglementInterieurResolver,
  MeetingSeanceResolver,
  SeanceVotesResolver,
  SeanceVoteResolver,
  SeanceMutationsResolver,
  DeliberationResolver,
  ProcesVerbalResolver,
] as const;

/** The executable schema: resolvers by capability, access enforced on every field, text inputs guarded, ISO dates in range. */
export function buildCartableSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    globalMiddlewares: [enforceAccess, guardTextInput],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: true },
  });
}
