import { ReglementInterieurSetting } from '../body/rules/reglement-interieur.entity.js';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger.js';
import { AgendaItem } from '../body/agenda/agenda-item.entity.js';
import { Annotation } from '../body/annotations/annotation.entity.js';
import { AssemblyMember } from '../body/assemblies/assembly-member.entity.js';
import { Assembly } from '../body/assemblies/assembly.entity.js';
import { Document, DocumentPage, DocumentVersion, PendingUpload } from '../body/documents/document.entity.js';
import { LedgerEntry } from '../evidence/ledger-entry.entity.js';
import { TimestampAnchor } from '../evidence/timestamp-anchor.entity.js';
import { AttendanceAnswer } from '../body/attendance/attendance-answer.entity.js';
import { AttendanceRecord } from '../body/attendance/attendance-record.entity.js';
import {
  Convocation,
  ConvocationRecipient,
  Delivery,
  DocumentDownload,
  MeetingReceipt,
  PaperConvocationRequest,
  MemberContact,
} from '../body/convocations/convocation.entity.js';
import { PushSubscription } from '../platform/alerts/push-subscription.entity.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { BillingAccount, CostStatement, Invoice, IssuedInvoice } from '../billing/billing.entity.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Device, DeviceAllocation, SupportTicket } from '../platform/devices/device.entity.js';
import { ContractShareWeight, GroupementContract } from '../platform/groupement/contract.entity.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { ActSettings, Deliberation, DeliberationSignature } from '../acts/deliberation.entity.js';
import { ProcesVerbal, ProcesVerbalSignature, ProcesVerbalSummary } from '../acts/proces-verbal.entity.js';
import { PoliticalGroup, PoliticalGroupMember } from '../body/groups/political-group.entity.js';
import { MemberIdentity } from '../body/members-import/member-identity.entity.js';

/** Entities of the platform schema (`schema: 'platform'`). */
export const platformEntities = [
  Body,
  Person,
  Membership,
  PushSubscription,
  GroupementContract,
  ContractShareWeight,
  Device,
  DeviceAllocation,
  SupportTicket,
  BillingAccount,
  Invoice,
  CostStatement,
  IssuedInvoice,
];
/** Entities of every body schema (`schema: '*'`, bound per request by `em.fork({ schema })`). */
export const bodyEntities = [
  Assembly,
  AssemblyMember,
  Meeting,
  AgendaItem,
  Document,
  DocumentVersion,
  DocumentPage,
  PendingUpload,
  LedgerEntry,
  TimestampAnchor,
  PaperConvocationRequest,
  MemberContact,
  Convocation,
  ConvocationRecipient,
  Delivery,
  MeetingReceipt,
  DocumentDownload,
  AttendanceAnswer,
  AttendanceRecord,
  Annotation,
  ReglementInterieurSetting,
  Deliberation,
  DeliberationSignature,
  ActSettings,
  ProcesVerbal,
  ProcesVerbalSummary,
  ProcesVerbalSignature,
  PoliticalGroup,
  PoliticalGroupMember,
  MemberIdentity,
];

export interface OrmOptions {
  databaseUrl: string;
  poolMax: number;
  logger: Logger;
  /** Checkouts after which a pooled connection is closed and replaced (default 5,000). */
  maxUses?: number;
}

/**
 * The one MikroORM instance. Connections start with `search_path = platform`, a schema that holds no
 * body table: a query that lost its body schema fails loudly instead of reading another body's rows.
 * Connections are recycled (after `maxUses` checkouts or 10 minutes) so that no backend accumulates the
 * catalog of thousands of body schemas.
 */
export async function initOrm(options: OrmOptions): Promise<MikroORM> {
  const log = options.logger.child({ component: 'orm' });
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    entities: [...platformEntities, ...bodyEntities],
    ensureDatabase: false,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolMax, idleTimeoutMillis: 30_000 },
    driverOptions: {
      options: '-c search_path=platform',
      maxLifetimeSeconds: 600,
      maxUses: options.maxUses ?? 5_000,
      application_name: 'cartable',
    },
    logger: (message: string) => log.trace(message),
  });
}
