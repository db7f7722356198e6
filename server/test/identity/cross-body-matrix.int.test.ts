import type { GraphQLSchema, GraphQLType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { addAgendaItem } from '../../src/body/agenda/agenda.service.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { AssemblyMember } from '../../src/body/assemblies/assembly-member.entity.js';
import { AttendanceRecord } from '../../src/body/attendance/attendance-record.entity.js';
import { Convocation, ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { Annotation } from '../../src/body/annotations/annotation.entity.js';
import { Document, DocumentVersion, PendingUpload } from '../../src/body/documents/document.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { objectFields } from '../../src/graphql/access.js';
import { buildCartableSchema } from '../../src/graphql/build-schema.js';
import { resolvers } from '../../src/modules.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { DeviceAllocation, SupportTicket } from '../../src/platform/devices/device.entity.js';
import { Circuit, Projet, ProjetDocument } from '../../src/acts/circuits/circuit.entity.js';
import { seedGroupement } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * Every operation that takes an id (or a slug) is tried by members of the Ville against objects of the
 * Département — directly, and smuggled under their own body — and against the groupement's objects that
 * are not theirs (another official's tablet loan). Each answer must be NOT_FOUND, so that the API never
 * confirms that another body's object exists; operations of the coordinator alone answer FORBIDDEN
 * whatever the id. A new id-taking field fails the coverage check until it is added here.
 */
interface Target {
  doubsBodyId: string;
  villeBodyId: string;
  villeMeetingId: string;
  doubsMeetingId: string;
  doubsMembershipId: string;
  doubsAssemblyId: string;
  doubsAssemblyMemberId: string;
  doubsAgendaItemId: string;
  doubsDocumentId: string;
  doubsLibraryDocumentId: string;
  doubsVersionId: string;
  doubsAnnotationId: string;
  doubsUploadId: string;
  doubsPersonId: string;
  doubsDeliveryId: string;
  doubsMemberships: number;
  doubsSeats: number;
  doubsSeatTerms: { role: string; votingRight: boolean };
  claireDeviceId: string;
  claireLoanId: string;
  ticketId: string;
  contractId: string;
  paulPersonId: string;
  doubsProjetId: string;
  doubsProjetDocumentId: string;
  doubsCircuitId: string;
}

interface Probe {
  coordinates: string[];
  query: string;
  variables: (target: Target) => Record<string, unknown>;
  /** The code expected instead of NOT_FOUND: FORBIDDEN for the coordinator's operations. */
  expected?: 'FORBIDDEN';
  /** The HTTP status expected instead of 200: 400 for an id the UUID scalar refuses before any resolver runs. */
  status?: 400;
}

/** An operation of the coordinator alone: refused as such to anyone else, whatever the id. */
const coordinatorOnly = (coordinates: string[], query: string, variables: Probe['variables']): Probe => ({
  coordinates,
  query,
  variables,
  expected: 'FORBIDDEN',
});

const probes: Record<string, Probe> = {
  'body by slug': {
    coordinates: ['Query.body(slug)'],
    query: '{ body(slug: "departement-doubs") { id name } }',
    variables: () => ({}),
  },
  'meeting of another body under its own body': {
    coordinates: ['Body.meeting(id)'],
    query: 'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { title } } }',
    variables: (target) => ({ id: target.doubsMeetingId }),
  },
  'add a member to another body': {
    coordinates: ['Mutation.addMember(bodyId)'],
    query:
      'mutation ($bodyId: UUID!) { addMember(bodyId: $bodyId, input: { email: "intrus@example.org", displayName: "Intrus", roles: [OFFICIAL] }) { invitationSent } }',
    variables: (target) => ({ bodyId: target.doubsBodyId }),
  },
  'update a membership of another body': {
    coordinates: ['Mutation.updateMembership(bodyId)', 'Mutation.updateMembership(membershipId)'],
    query:
      'mutation ($bodyId: UUID!, $id: UUID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [OFFICIAL] }) { id } }',
    variables: (target) => ({ bodyId: target.doubsBodyId, id: target.doubsMembershipId }),
  },
  'update a membership of another body under its own body': {
    coordinates: [],
    query:
      'mutation ($bodyId: UUID!, $id: UUID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [OFFICIAL] }) { id } }',
    variables: (target) => ({ bodyId: target.villeBodyId, id: target.doubsMembershipId }),
  },
  'remove a membership of another body': {
    coordinates: ['Mutation.removeMember(bodyId)', 'Mutation.removeMember(membershipId)'],
    query: 'mutation ($bodyId: UUID!, $id: UUID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
    variables: (target) => ({ bodyId: target.doubsBodyId, id: target.doubsMembershipId }),
  },
  'remove a membership of another body under its own body': {
    coordinates: [],
    query: 'mutation ($bodyId: UUID!, $id: UUID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
    variables: (target) => ({ bodyId: target.villeBodyId, id: target.doubsMembershipId }),
  },
  ...crossing(
    'create an assembly',
    ['Mutation.createAssembly(bodyId)'],
    'mutation ($bodyId: UUID!) { createAssembly(bodyId: $bodyId, input: { kind: BUREAU, name: "Intrus" }) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'seat someone in an assembly',
    ['Mutation.addAssemblyMember(bodyId)', 'Mutation.addAssemblyMember(assemblyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { addAssemblyMember(bodyId: $bodyId, assemblyId: $id, input: { personId: $personId }) { id } }',
    (target) => ({ id: target.doubsAssemblyId, personId: target.doubsMembershipId }),
  ),
  ...crossing(
    'change an assembly seat',
    ['Mutation.updateAssemblyMember(bodyId)', 'Mutation.updateAssemblyMember(memberId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { updateAssemblyMember(bodyId: $bodyId, memberId: $id, input: { role: PRESIDENT, votingRight: false }) { id } }',
    (target) => ({ id: target.doubsAssemblyMemberId }),
  ),
  ...crossing(
    'remove an assembly seat',
    ['Mutation.removeAssemblyMember(bodyId)', 'Mutation.removeAssemblyMember(memberId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { removeAssemblyMember(bodyId: $bodyId, memberId: $id) }',
    (target) => ({ id: target.doubsAssemblyMemberId }),
  ),
  ...crossing(
    'create a meeting',
    ['Mutation.createMeeting(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { createMeeting(bodyId: $bodyId, input: { assemblyId: $id, title: "Intrus", startsAt: "2030-01-01T10:00:00Z" }) { id } }',
    (target) => ({ id: target.doubsAssemblyId }),
  ),
  ...crossing(
    'update a meeting',
    ['Mutation.updateMeeting(bodyId)', 'Mutation.updateMeeting(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $assemblyId: UUID!) { updateMeeting(bodyId: $bodyId, meetingId: $id, input: { assemblyId: $assemblyId, title: "Intrus", startsAt: "2030-01-01T10:00:00Z" }) { id } }',
    (target) => ({ id: target.doubsMeetingId, assemblyId: target.doubsAssemblyId }),
  ),
  ...crossing(
    'change a meeting status',
    ['Mutation.changeMeetingStatus(bodyId)', 'Mutation.changeMeetingStatus(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $id, status: CANCELLED) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'cancel a meeting',
    ['Mutation.cancelMeeting(bodyId)', 'Mutation.cancelMeeting(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { cancelMeeting(bodyId: $bodyId, meetingId: $id, reason: "Intrus") { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'move a meeting',
    ['Mutation.moveMeeting(bodyId)', 'Mutation.moveMeeting(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { moveMeeting(bodyId: $bodyId, meetingId: $id, input: { startsAt: "2031-01-01T10:00:00Z", reason: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'duplicate a meeting',
    ['Mutation.duplicateMeeting(bodyId)', 'Mutation.duplicateMeeting(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { duplicateMeeting(bodyId: $bodyId, meetingId: $id, input: { startsAt: "2031-01-01T10:00:00Z" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'schedule a convocation',
    ['Mutation.scheduleConvocation(bodyId)', 'Mutation.scheduleConvocation(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { scheduleConvocation(bodyId: $bodyId, meetingId: $id, runAt: "2031-01-01T10:00:00Z") { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'cancel a scheduled convocation',
    ['Mutation.cancelScheduledConvocation(bodyId)', 'Mutation.cancelScheduledConvocation(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { cancelScheduledConvocation(bodyId: $bodyId, meetingId: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'add an agenda item',
    ['Mutation.addAgendaItem(bodyId)', 'Mutation.addAgendaItem(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { addAgendaItem(bodyId: $bodyId, meetingId: $id, input: { title: "Intrus", kind: INFORMATION }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'update an agenda item',
    ['Mutation.updateAgendaItem(bodyId)', 'Mutation.updateAgendaItem(itemId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { updateAgendaItem(bodyId: $bodyId, itemId: $id, input: { title: "Intrus", kind: INFORMATION }) { id } }',
    (target) => ({ id: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'move an agenda item',
    ['Mutation.moveAgendaItem(bodyId)', 'Mutation.moveAgendaItem(itemId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { moveAgendaItem(bodyId: $bodyId, itemId: $id, place: { position: 1 }) { id } }',
    (target) => ({ id: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'remove an agenda item',
    ['Mutation.removeAgendaItem(bodyId)', 'Mutation.removeAgendaItem(itemId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { removeAgendaItem(bodyId: $bodyId, itemId: $id) { id } }',
    (target) => ({ id: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'request a document upload',
    ['Mutation.requestDocumentUpload(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { requestDocumentUpload(bodyId: $bodyId, input: { meetingId: $id, kind: ANNEXE, title: "Intrus", fileName: "x.pdf", contentType: "application/pdf", sizeBytes: 10 }) { uploadId } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'complete a document upload',
    ['Mutation.completeDocumentUpload(bodyId)', 'Mutation.completeDocumentUpload(uploadId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $id) }',
    (target) => ({ id: target.doubsUploadId }),
  ),
  ...crossing(
    'request upload part URLs',
    ['Mutation.requestDocumentUploadParts(bodyId)', 'Mutation.requestDocumentUploadParts(uploadId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { requestDocumentUploadParts(bodyId: $bodyId, uploadId: $id, partNumbers: [1]) { url } }',
    (target) => ({ id: target.doubsUploadId }),
  ),
  ...crossing(
    'abort a document upload',
    ['Mutation.abortDocumentUpload(bodyId)', 'Mutation.abortDocumentUpload(uploadId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { abortDocumentUpload(bodyId: $bodyId, uploadId: $id) }',
    (target) => ({ id: target.doubsUploadId }),
  ),
  'upload in parts of another body under its own body': {
    coordinates: ['Body.documentUpload(id)'],
    query: 'query ($id: UUID!) { body(slug: "ville-besancon") { documentUpload(id: $id) { storedParts { partNumber } } } }',
    variables: (target) => ({ id: target.doubsUploadId }),
  },
  ...crossing(
    'delete a document',
    ['Mutation.deleteDocument(bodyId)', 'Mutation.deleteDocument(documentId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
    (target) => ({ id: target.doubsDocumentId }),
  ),
  ...crossing(
    'request a logo upload',
    ['Mutation.requestBodyLogoUpload(bodyId)'],
    'mutation ($bodyId: UUID!) { requestBodyLogoUpload(bodyId: $bodyId, contentType: "image/png", sizeBytes: 100) { uploadId } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'change the mail identity',
    ['Mutation.updateBodyMailSettings(bodyId)'],
    'mutation ($bodyId: UUID!) { updateBodyMailSettings(bodyId: $bodyId, input: { senderName: "Intrus", replyTo: "intrus@example.org" }) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'complete a logo upload',
    ['Mutation.completeBodyLogoUpload(bodyId)', 'Mutation.completeBodyLogoUpload(uploadId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { completeBodyLogoUpload(bodyId: $bodyId, uploadId: $id) { id } }',
    (target) => ({ id: target.doubsUploadId }),
    { smuggle: false },
  ),
  ...crossing(
    'send a convocation',
    ['Mutation.sendConvocation(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { sendConvocation(bodyId: $bodyId, input: { meetingId: $id }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'send a supplement',
    ['Mutation.sendConvocationSupplement(bodyId)', 'Mutation.sendConvocationSupplement(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { sendConvocationSupplement(bodyId: $bodyId, meetingId: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'send reminders',
    ['Mutation.sendConvocationReminders(bodyId)', 'Mutation.sendConvocationReminders(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { sendConvocationReminders(bodyId: $bodyId, meetingId: $id) }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'resend a convocation',
    ['Mutation.resendConvocation(bodyId)', 'Mutation.resendConvocation(meetingId)', 'Mutation.resendConvocation(personId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { resendConvocation(bodyId: $bodyId, meetingId: $id, personId: $personId) { personId } }',
    (target) => ({ id: target.doubsMeetingId, personId: target.doubsPersonId }),
  ),
  "resend its own meeting's convocation to someone of another body": {
    coordinates: [],
    query:
      'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { resendConvocation(bodyId: $bodyId, meetingId: $id, personId: $personId) { personId } }',
    variables: (target) => ({ bodyId: target.villeBodyId, id: target.villeMeetingId, personId: target.doubsPersonId }),
  },
  ...crossing(
    'record an opening',
    ['Mutation.recordConvocationOpened(bodyId)', 'Mutation.recordConvocationOpened(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { recordConvocationOpened(bodyId: $bodyId, meetingId: $id) { firstOpenedAt } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'acknowledge a convocation',
    ['Mutation.acknowledgeConvocation(bodyId)', 'Mutation.acknowledgeConvocation(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $id) { acknowledgedAt } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'answer a convocation',
    ['Mutation.answerConvocation(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { answerConvocation(bodyId: $bodyId, input: { meetingId: $id, response: PRESENT }) { response } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'record the attendance in session',
    ['Mutation.recordAttendance(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { recordAttendance(bodyId: $bodyId, input: { meetingId: $id, entries: [{ personId: $personId, status: PRESENT }] }) { open } }',
    (target) => ({ id: target.doubsMeetingId, personId: target.doubsPersonId }),
  ),
  ...crossing(
    'convene again after a failed quorum',
    ['Mutation.conveneAgainWithoutQuorum(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { conveneAgainWithoutQuorum(bodyId: $bodyId, input: { meetingId: $id, startsAt: "2030-01-10T17:00:00Z" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'join a réunion',
    ['Mutation.setMeetingReunion(bodyId)', 'Mutation.setMeetingReunion(meetingId)', 'Mutation.setMeetingReunion(reunionMeetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { setMeetingReunion(bodyId: $bodyId, meetingId: $id, reunionMeetingId: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  // The séance (issue 15): every action names the body and its meeting, item, person or vote.
  ...crossing(
    'open a séance',
    ['Mutation.openSeance(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { openSeance(bodyId: $bodyId, input: { meetingId: $id, presentIds: [], secretaryIds: [] }) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'name the secrétaires de séance',
    ['Mutation.setSeanceSecretaries(bodyId)', 'Mutation.setSeanceSecretaries(meetingId)', 'Mutation.setSeanceSecretaries(secretaryIds)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { setSeanceSecretaries(bodyId: $bodyId, meetingId: $id, secretaryIds: [$personId]) { status } }',
    (target) => ({ id: target.doubsMeetingId, personId: target.doubsPersonId }),
  ),
  ...crossing(
    'decide the huis clos',
    ['Mutation.decideClosedSession(bodyId)', 'Mutation.decideClosedSession(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { decideClosedSession(bodyId: $bodyId, meetingId: $id, closedSession: true) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'suspend a séance',
    ['Mutation.suspendSeance(bodyId)', 'Mutation.suspendSeance(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { suspendSeance(bodyId: $bodyId, meetingId: $id) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'resume a séance',
    ['Mutation.resumeSeance(bodyId)', 'Mutation.resumeSeance(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { resumeSeance(bodyId: $bodyId, meetingId: $id) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'close a séance',
    ['Mutation.closeSeance(bodyId)', 'Mutation.closeSeance(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { closeSeance(bodyId: $bodyId, meetingId: $id) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'record an arrival',
    ['Mutation.recordArrival(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { recordArrival(bodyId: $bodyId, input: { meetingId: $id, personId: $personId }) { status } }',
    (target) => ({ id: target.doubsMeetingId, personId: target.doubsPersonId }),
  ),
  ...crossing(
    'record a departure',
    ['Mutation.recordDeparture(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $personId: UUID!) { recordDeparture(bodyId: $bodyId, input: { meetingId: $id, personId: $personId }) { status } }',
    (target) => ({ id: target.doubsMeetingId, personId: target.doubsPersonId }),
  ),
  ...crossing(
    'check the quorum of a séance',
    ['Mutation.checkSeanceQuorum(bodyId)', 'Mutation.checkSeanceQuorum(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { checkSeanceQuorum(bodyId: $bodyId, meetingId: $id) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'set the current item',
    ['Mutation.setCurrentItem(bodyId)', 'Mutation.setCurrentItem(itemId)', 'Mutation.setCurrentItem(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!) { setCurrentItem(bodyId: $bodyId, meetingId: $id, itemId: $itemId) { status } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'withdraw an item',
    ['Mutation.decideSeanceItem(bodyId)', 'Mutation.decideSeanceItem(itemId)', 'Mutation.decideSeanceItem(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!) { decideSeanceItem(bodyId: $bodyId, meetingId: $id, itemId: $itemId, decision: WITHDRAWN) { status } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'declare an interest',
    [
      'Mutation.declareInterest(bodyId)',
      'Mutation.declareInterest(itemId)',
      'Mutation.declareInterest(meetingId)',
      'Mutation.declareInterest(personId)',
    ],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!, $personId: UUID!) { declareInterest(bodyId: $bodyId, meetingId: $id, itemId: $itemId, personId: $personId) { status } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId, personId: target.doubsPersonId }),
  ),
  ...crossing(
    'open a vote',
    ['Mutation.openVote(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!) { openVote(bodyId: $bodyId, input: { meetingId: $id, itemId: $itemId, method: HAND }) { status } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'cast a ballot',
    ['Mutation.castBallot(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { castBallot(bodyId: $bodyId, input: { voteId: $id, choice: FOR }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'close a vote',
    ['Mutation.closeVote(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { closeVote(bodyId: $bodyId, input: { voteId: $id }) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'enter the totals of a vote',
    ['Mutation.enterVoteTotals(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { enterVoteTotals(bodyId: $bodyId, input: { voteId: $id, for: 1, against: 0 }) { status } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  'a vote of a séance of another body': {
    coordinates: ['Seance.vote(id)'],
    query: 'query ($id: UUID!) { body(slug: "departement-doubs") { meeting(id: $id) { seance { vote(id: $id) { id } } } } }',
    variables: (target) => ({ id: target.doubsMeetingId }),
  },
  // Acts (issue 19): délibérations, procès-verbal, their settings.
  ...crossing(
    'read the act settings',
    ['Query.actSettings(bodyId)'],
    'query ($bodyId: UUID!) { actSettings(bodyId: $bodyId) { numberFormat } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'change the act settings',
    ['Mutation.updateActSettings(bodyId)'],
    'mutation ($bodyId: UUID!) { updateActSettings(bodyId: $bodyId, input: {}) { numberFormat } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'list the délibérations',
    ['Query.deliberations(bodyId)', 'Query.deliberations(meetingId)'],
    'query ($bodyId: UUID!, $id: UUID!) { deliberations(bodyId: $bodyId, meetingId: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'list the délibérations to sign',
    ['Query.deliberationsToSign(bodyId)'],
    'query ($bodyId: UUID!) { deliberationsToSign(bodyId: $bodyId) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'write a délibération',
    ['Mutation.createDeliberation(agendaItemId)', 'Mutation.createDeliberation(bodyId)', 'Mutation.createDeliberation(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID) { createDeliberation(bodyId: $bodyId, meetingId: $id, agendaItemId: $itemId, input: { matiereCode: "7.1" }) { id } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'change a délibération',
    ['Mutation.updateDeliberation(bodyId)', 'Mutation.updateDeliberation(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { updateDeliberation(bodyId: $bodyId, id: $id, input: { title: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'type the vote of a délibération',
    ['Mutation.recordDeliberationVote(bodyId)', 'Mutation.recordDeliberationVote(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { recordDeliberationVote(bodyId: $bodyId, id: $id, vote: { effectif: 1, votants: 1, pour: 1, contre: 0, abstention: 0 }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'finalise a délibération',
    ['Mutation.finaliseDeliberation(bodyId)', 'Mutation.finaliseDeliberation(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { finaliseDeliberation(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'revise a délibération',
    ['Mutation.reviseDeliberation(bodyId)', 'Mutation.reviseDeliberation(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { reviseDeliberation(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'sign a délibération',
    ['Mutation.signDeliberation(bodyId)', 'Mutation.signDeliberation(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { signDeliberation(bodyId: $bodyId, id: $id, version: 1) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'publish a délibération',
    ['Mutation.publishDeliberation(bodyId)', 'Mutation.publishDeliberation(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { publishDeliberation(bodyId: $bodyId, id: $id, author: { name: "Intrus", quality: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'record the préfecture’s acknowledgment',
    ['Mutation.recordActesAcknowledgment(bodyId)', 'Mutation.recordActesAcknowledgment(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { recordActesAcknowledgment(bodyId: $bodyId, id: $id, acknowledgment: { identifier: "025-1", prefectureId: "PREF025", receivedAt: "2026-01-01T10:00:00Z" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'read a procès-verbal',
    ['Query.procesVerbal(bodyId)', 'Query.procesVerbal(meetingId)'],
    'query ($bodyId: UUID!, $id: UUID!) { procesVerbal(bodyId: $bodyId, meetingId: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'write a procès-verbal',
    ['Mutation.createProcesVerbal(bodyId)', 'Mutation.createProcesVerbal(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { createProcesVerbal(bodyId: $bodyId, meetingId: $id, input: {}) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'summarise an item in a procès-verbal',
    ['Mutation.setProcesVerbalSummary(agendaItemId)', 'Mutation.setProcesVerbalSummary(bodyId)', 'Mutation.setProcesVerbalSummary(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!) { setProcesVerbalSummary(bodyId: $bodyId, id: $id, agendaItemId: $itemId, summary: "Intrus") { id } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'finalise a procès-verbal',
    ['Mutation.finaliseProcesVerbal(bodyId)', 'Mutation.finaliseProcesVerbal(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { finaliseProcesVerbal(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'arrêter a procès-verbal',
    ['Mutation.arreteProcesVerbal(bodyId)', 'Mutation.arreteProcesVerbal(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { arreteProcesVerbal(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'sign a procès-verbal',
    ['Mutation.signProcesVerbal(bodyId)', 'Mutation.signProcesVerbal(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { signProcesVerbal(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'list the procès-verbaux to sign',
    ['Query.procesVerbauxToSign(bodyId)'],
    'query ($bodyId: UUID!) { procesVerbauxToSign(bodyId: $bodyId) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'schedule the arrêté of a procès-verbal',
    [
      'Mutation.scheduleProcesVerbalArrete(agendaItemId)',
      'Mutation.scheduleProcesVerbalArrete(bodyId)',
      'Mutation.scheduleProcesVerbalArrete(id)',
    ],
    'mutation ($bodyId: UUID!, $id: UUID!, $itemId: UUID!) { scheduleProcesVerbalArrete(bodyId: $bodyId, id: $id, agendaItemId: $itemId) { id } }',
    (target) => ({ id: target.doubsMeetingId, itemId: target.doubsAgendaItemId }),
  ),
  ...crossing(
    'publish a procès-verbal',
    ['Mutation.publishProcesVerbal(bodyId)', 'Mutation.publishProcesVerbal(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { publishProcesVerbal(bodyId: $bodyId, id: $id, author: { name: "Intrus", quality: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'take the @CTES files of a délibération',
    ['Query.actesArchiveUrl(bodyId)', 'Query.actesArchiveUrl(id)'],
    'query ($bodyId: UUID!, $id: UUID!) { actesArchiveUrl(bodyId: $bodyId, id: $id) }',
    (target) => ({ id: target.doubsMeetingId }),
  ),
  ...crossing(
    'download the registre',
    ['Query.registreUrl(bodyId)'],
    'query ($bodyId: UUID!) { registreUrl(bodyId: $bodyId, year: 2026) }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'read the circuit settings',
    ['Query.circuitSettings(bodyId)'],
    'query ($bodyId: UUID!) { circuitSettings(bodyId: $bodyId) { itemKinds } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'set the circuit settings',
    ['Mutation.updateCircuitSettings(bodyId)'],
    'mutation ($bodyId: UUID!) { updateCircuitSettings(bodyId: $bodyId, itemKinds: [DELIBERATION]) { itemKinds } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing('list the circuits', ['Query.circuits(bodyId)'], 'query ($bodyId: UUID!) { circuits(bodyId: $bodyId) { id } }', () => ({}), {
    smuggle: false,
  }),
  ...crossing(
    'change a circuit',
    ['Mutation.saveCircuit(bodyId)', 'Mutation.saveCircuit(id)'],
    'mutation ($bodyId: UUID!, $id: UUID) { saveCircuit(bodyId: $bodyId, id: $id, input: { name: "Intrus", steps: [{ label: "Intrus", validatorRole: OFFICIAL }] }) { id } }',
    (target) => ({ id: target.doubsCircuitId }),
  ),
  ...crossing('list the projets', ['Query.projets(bodyId)'], 'query ($bodyId: UUID!) { projets(bodyId: $bodyId) { id } }', () => ({}), {
    smuggle: false,
  }),
  ...crossing(
    'list the projets to visa',
    ['Query.projetsToVisa(bodyId)'],
    'query ($bodyId: UUID!) { projetsToVisa(bodyId: $bodyId) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'read a projet',
    ['Query.projet(bodyId)', 'Query.projet(id)'],
    'query ($bodyId: UUID!, $id: UUID!) { projet(bodyId: $bodyId, id: $id) { id } }',
    (target) => ({ id: target.doubsProjetId }),
  ),
  ...crossing(
    'write a projet',
    ['Mutation.createProjet(bodyId)'],
    'mutation ($bodyId: UUID!) { createProjet(bodyId: $bodyId, input: { title: "Intrus" }) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'write a projet on another body’s circuit',
    [],
    'mutation ($bodyId: UUID!, $circuitId: UUID!) { createProjet(bodyId: $bodyId, input: { title: "Intrus", circuitId: $circuitId }) { id } }',
    (target) => ({ circuitId: target.doubsCircuitId }),
  ),
  ...crossing(
    'change a projet',
    ['Mutation.updateProjet(bodyId)', 'Mutation.updateProjet(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { updateProjet(bodyId: $bodyId, id: $id, input: { title: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsProjetId }),
  ),
  ...crossing(
    'attach a file to a projet',
    ['Mutation.attachProjetDocument(bodyId)', 'Mutation.attachProjetDocument(projetId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { attachProjetDocument(bodyId: $bodyId, projetId: $id, title: "Intrus", fileName: "intrus.pdf", contentBase64: "JVBERi0xLjQK") { id } }',
    (target) => ({ id: target.doubsProjetId }),
  ),
  ...crossing(
    'remove a file of a projet',
    ['Mutation.removeProjetDocument(bodyId)', 'Mutation.removeProjetDocument(projetId)', 'Mutation.removeProjetDocument(documentId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $documentId: UUID!) { removeProjetDocument(bodyId: $bodyId, projetId: $id, documentId: $documentId) }',
    (target) => ({ id: target.doubsProjetId, documentId: target.doubsProjetDocumentId }),
  ),
  ...crossing(
    'submit a projet',
    ['Mutation.submitProjet(bodyId)', 'Mutation.submitProjet(id)', 'Mutation.submitProjet(circuitId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $circuitId: UUID) { submitProjet(bodyId: $bodyId, id: $id, circuitId: $circuitId) { id } }',
    (target) => ({ id: target.doubsProjetId, circuitId: target.doubsCircuitId }),
  ),
  ...crossing(
    'visa a projet',
    ['Mutation.decideOnProjet(bodyId)', 'Mutation.decideOnProjet(id)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { decideOnProjet(bodyId: $bodyId, id: $id, input: { decision: APPROVE, version: 1, step: 0 }) { id } }',
    (target) => ({ id: target.doubsProjetId }),
  ),
  ...crossing(
    'put a projet on an agenda',
    ['Mutation.placeProjetOnAgenda(bodyId)', 'Mutation.placeProjetOnAgenda(id)', 'Mutation.placeProjetOnAgenda(meetingId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $meetingId: UUID!) { placeProjetOnAgenda(bodyId: $bodyId, id: $id, meetingId: $meetingId) { id } }',
    (target) => ({ id: target.doubsProjetId, meetingId: target.doubsMeetingId }),
  ),
  ...crossing(
    'set the règlement intérieur',
    ['Mutation.addReglementInterieurSetting(bodyId)'],
    'mutation ($bodyId: UUID!) { addReglementInterieurSetting(bodyId: $bodyId, input: { validFrom: "2030-01-01", reference: "Intrus", commissionQuorum: true }) { validFrom } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'record a letter posted',
    ['Mutation.recordLetterPosted(bodyId)', 'Mutation.recordLetterPosted(deliveryId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { recordLetterPosted(bodyId: $bodyId, deliveryId: $id, postedOn: "2030-01-01") { id } }',
    (target) => ({ id: target.doubsDeliveryId }),
  ),
  ...crossing(
    'set a paper convocation',
    ['Mutation.setPaperConvocation(bodyId)', 'Mutation.setPaperConvocation(personId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { setPaperConvocation(bodyId: $bodyId, personId: $id, postalAddress: "1 rue de l’Intrus, 25000 Besançon") }',
    (target) => ({ id: target.doubsPersonId }),
  ),
  ...crossing(
    'set a member’s contact details',
    ['Mutation.setMemberContact(bodyId)', 'Mutation.setMemberContact(personId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { setMemberContact(bodyId: $bodyId, personId: $id, email: "intrus@example.org") { personId } }',
    (target) => ({ id: target.doubsPersonId }),
  ),
  ...crossing(
    'set a commission delay',
    ['Mutation.setCommissionConvocationDelay(bodyId)', 'Mutation.setCommissionConvocationDelay(assemblyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { setCommissionConvocationDelay(bodyId: $bodyId, assemblyId: $id, clearDays: 2) { id } }',
    (target) => ({ id: target.doubsAssemblyId }),
  ),
  ...crossing(
    'save an annotation',
    ['Mutation.saveAnnotation(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!, $documentId: UUID!, $versionId: UUID!) { saveAnnotation(bodyId: $bodyId, input: { id: $id, documentId: $documentId, versionId: $versionId, pageNumber: 1, kind: NOTE, note: "Intrus" }) { id } }',
    (target) => ({ id: target.doubsAnnotationId, documentId: target.doubsDocumentId, versionId: target.doubsVersionId }),
  ),
  // Not smuggled: under one's own body, deleting answers the same for every id (one's own annotations
  // only, idempotent), so it confirms nothing; the Département's annotation is checked untouched below.
  ...crossing(
    'delete an annotation',
    ['Mutation.deleteAnnotation(bodyId)', 'Mutation.deleteAnnotation(annotationId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { deleteAnnotation(bodyId: $bodyId, annotationId: $id) }',
    (target) => ({ id: target.doubsAnnotationId }),
    { smuggle: false },
  ),
  // Political groups, shared annotations and the members import (issue 17).
  ...crossing(
    "share an annotation with one's group",
    ['Mutation.shareAnnotationWithGroup(bodyId)', 'Mutation.shareAnnotationWithGroup(annotationId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { shareAnnotationWithGroup(bodyId: $bodyId, annotationId: $id, shared: true) { id } }',
    (target) => ({ id: target.doubsAnnotationId }),
  ),
  ...crossing(
    'create a political group',
    ['Mutation.createPoliticalGroup(bodyId)'],
    'mutation ($bodyId: UUID!) { createPoliticalGroup(bodyId: $bodyId, input: { name: "Intrus", shortName: "I", color: "#000000" }) { id } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'put someone in a political group',
    ['Mutation.assignPoliticalGroup(bodyId)'],
    'mutation ($bodyId: UUID!, $personId: UUID!) { assignPoliticalGroup(bodyId: $bodyId, input: { personId: $personId, groupId: null, from: "2030-01-01" }) { id } }',
    (target) => ({ personId: target.doubsPersonId }),
  ),
  ...crossing(
    'preview a members import',
    ['Mutation.previewMembersImport(bodyId)'],
    'mutation ($bodyId: UUID!) { previewMembersImport(bodyId: $bodyId, csv: "Nom;Prénom;Courriel\\nIntrus;Ian;intrus@example.org") { linesWithErrors } }',
    () => ({}),
    { smuggle: false },
  ),
  ...crossing(
    'import members',
    ['Mutation.importMembers(bodyId)'],
    'mutation ($bodyId: UUID!) { importMembers(bodyId: $bodyId, csv: "Nom;Prénom;Courriel\\nIntrus;Ian;intrus@example.org") { imported } }',
    () => ({}),
    { smuggle: false },
  ),
  'nest under an agenda item of another body': {
    coordinates: [],
    query:
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $parentId: UUID!) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: { title: "Intrus", kind: INFORMATION }, place: { parentId: $parentId }) { id } }',
    variables: (target) => ({ bodyId: target.villeBodyId, meetingId: target.villeMeetingId, parentId: target.doubsAgendaItemId }),
  },
  'accept the loan convention of another official': {
    coordinates: ['Mutation.acceptLoanConvention(loanId)'],
    query: 'mutation ($id: UUID!) { acceptLoanConvention(loanId: $id, conventionSha256: "00") { id } }',
    variables: (target) => ({ id: target.claireLoanId }),
  },
  "open a ticket on another official's tablet": {
    coordinates: ['Mutation.openSupportTicket(deviceId)'],
    query: 'mutation ($id: UUID!) { openSupportTicket(deviceId: $id, input: { subject: "Intrus" }) { id } }',
    variables: (target) => ({ id: target.claireDeviceId }),
  },
  'read a tablet': coordinatorOnly(['Query.device(id)'], 'query ($id: UUID!) { device(id: $id) { serialNumber } }', (target) => ({
    id: target.claireDeviceId,
  })),
  'allocate a tablet': coordinatorOnly(
    ['Mutation.allocateDevice(deviceId)', 'Mutation.allocateDevice(personId)'],
    'mutation ($id: UUID!, $personId: UUID!) { allocateDevice(deviceId: $id, personId: $personId) { id } }',
    (target) => ({ id: target.claireDeviceId, personId: target.paulPersonId }),
  ),
  'record a tablet event': coordinatorOnly(
    ['Mutation.recordDeviceEvent(deviceId)'],
    'mutation ($id: UUID!) { recordDeviceEvent(deviceId: $id, event: LOST) { id } }',
    (target) => ({ id: target.claireDeviceId }),
  ),
  'record a tablet repaired': coordinatorOnly(
    ['Mutation.recordDeviceRepaired(deviceId)'],
    'mutation ($id: UUID!) { recordDeviceRepaired(deviceId: $id) { id } }',
    (target) => ({ id: target.claireDeviceId }),
  ),
  'resolve a support ticket': coordinatorOnly(
    ['Mutation.resolveSupportTicket(ticketId)'],
    'mutation ($id: UUID!) { resolveSupportTicket(ticketId: $id, resolution: "x") { id } }',
    (target) => ({ id: target.ticketId }),
  ),
  "change a body's status": coordinatorOnly(
    ['Mutation.changeBodyStatus(bodyId)'],
    'mutation ($bodyId: UUID!) { changeBodyStatus(bodyId: $bodyId, action: ARCHIVE) { id } }',
    (target) => ({ bodyId: target.doubsBodyId }),
  ),
  'update the contract': coordinatorOnly(
    ['Mutation.updateContract(contractId)'],
    `mutation ($id: UUID!, $bodyId: UUID!) { updateContract(contractId: $id, input: { reference: "X", holderBodyId: $bodyId, supplier: "X", startsOn: "2030-01-01",
      endsOn: "2030-12-31", seatPriceCents: 0, devicePriceCents: 0, setupPriceCents: 0, sharingRule: EQUAL }) { id } }`,
    (target) => ({ id: target.contractId, bodyId: target.villeBodyId }),
  ),
  ...crossing(
    'change billing settings',
    ['Mutation.updateBodyBillingSettings(bodyId)'],
    'mutation ($bodyId: UUID!) { updateBodyBillingSettings(bodyId: $bodyId, input: { siret: "22250001700017", engagementRequired: false }) { siret } }',
    () => ({}),
    { smuggle: false },
  ),
  'issue invoices': coordinatorOnly(
    ['Mutation.issueInvoices(bodyIds)'],
    'mutation ($bodyId: UUID!) { issueInvoices(month: "2026-01", bodyIds: [$bodyId]) { id } }',
    (target) => ({ bodyId: target.doubsBodyId }),
  ),
  'issue a credit note': coordinatorOnly(
    ['Mutation.issueCreditNote(invoiceId)'],
    'mutation ($id: UUID!) { issueCreditNote(invoiceId: $id, reason: "x") { id } }',
    (target) => ({ id: target.doubsBodyId }),
  ),
  'record a Chorus Pro status': coordinatorOnly(
    ['Mutation.setInvoiceChorusStatus(invoiceId)'],
    'mutation ($id: UUID!) { setInvoiceChorusStatus(invoiceId: $id, status: PAYEE) { id } }',
    (target) => ({ id: target.doubsBodyId }),
  ),
  'a body id that is not an id': {
    coordinates: [],
    query: 'mutation ($id: UUID!) { removeMember(bodyId: "departement-doubs", membershipId: $id) }',
    variables: (target) => ({ id: target.doubsMembershipId }),
    status: 400,
  },
  ...crossing(
    'request a library upload',
    ['Mutation.requestLibraryUpload(bodyId)'],
    'mutation ($bodyId: UUID!, $id: UUID!) { requestLibraryUpload(bodyId: $bodyId, input: { documentId: $id, category: GUIDE, title: "Intrus", fileName: "x.pdf", contentType: "application/pdf", sizeBytes: 10 }) { uploadId } }',
    (target) => ({ id: target.doubsLibraryDocumentId }),
  ),
  'library document of another body under its own body': {
    coordinates: ['Body.libraryDocument(id)'],
    query: 'query ($id: UUID!) { body(slug: "ville-besancon") { libraryDocument(id: $id) { document { title } } } }',
    variables: (target) => ({ id: target.doubsLibraryDocumentId }),
  },
};

const namedTypeName = (type: GraphQLType): string => ('ofType' in type ? namedTypeName(type.ofType) : type.name);

/** Two probes for a body-scoped operation: aimed at the other body, and smuggled under one's own body. */
function crossing(
  name: string,
  coordinates: string[],
  query: string,
  variables: (target: Target) => Record<string, unknown>,
  options: { smuggle: boolean } = { smuggle: true },
): Record<string, Probe> {
  const direct = { coordinates, query, variables: (target: Target) => ({ ...variables(target), bodyId: target.doubsBodyId }) };
  if (!options.smuggle) return { [`${name} in another body`]: direct };
  return {
    [`${name} in another body`]: direct,
    [`${name} of another body under its own body`]: {
      coordinates: [],
      query,
      variables: (target) => ({ ...variables(target), bodyId: target.villeBodyId }),
    },
  };
}

function idTakingCoordinates(schema: GraphQLSchema): string[] {
  return objectFields(schema)
    .flatMap(({ type, field }) =>
      field.args
        .filter((argument) => namedTypeName(argument.type) === 'UUID' || argument.name === 'slug')
        .map((argument) => `${type.name}.${field.name}(${argument.name})`),
    )
    .sort();
}

let harness: TestHarness;
let target: Target;
beforeAll(async () => {
  harness = await startHarness();
  const em = harness.runtime.orm.em.fork();
  const doubs = await em.findOneOrFail(Body, { slug: 'departement-doubs' });
  const ville = await em.findOneOrFail(Body, { slug: 'ville-besancon' });
  const doubsEm = harness.runtime.orm.em.fork({ schema: bodySchemaName(doubs.id) });
  const [meeting] = await doubsEm.find(Meeting, {}, { limit: 1, populate: ['assembly'] });
  const [villeMeeting] = await harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) }).find(Meeting, {}, { limit: 1 });
  const [membership] = await em.find(Membership, { body: doubs.id }, { limit: 1 });
  const item = await addAgendaItem({ em: doubsEm }, meeting!.id, { title: 'Budget départemental', kind: 'DELIBERATION' });
  // The demo seats the Département's officials; a letter delivery gives the matrix a delivery id there.
  const [seat] = await doubsEm.find(AssemblyMember, { assembly: meeting!.assembly.id }, { limit: 1 });
  const convocation = doubsEm.create(Convocation, {
    id: uuidv7(),
    meetingId: meeting!.id,
    sequence: 1,
    kind: 'INITIAL',
    sentAt: new Date(),
    sentBy: membership!.person.id,
    latestSendAt: new Date(),
    clearDays: 12,
    article: 'CGCT L3121-19',
    rulesValidFrom: '2020-01-01',
    onTime: true,
    urgent: false,
    urgencyJustification: null,
    manifest: {} as Convocation['manifest'],
    manifestSha256: '0'.repeat(64),
  });
  await doubsEm.flush();
  const recipient = doubsEm.create(ConvocationRecipient, {
    id: uuidv7(),
    convocationId: convocation.id,
    meetingId: meeting!.id,
    personId: seat!.personId,
    displayName: 'Élu',
    email: 'elu@example.org',
    channel: 'PAPER',
    postalAddress: '1 rue du Doubs',
    votingRight: true,
  });
  await doubsEm.flush();
  const delivery = doubsEm.create(Delivery, {
    id: uuidv7(),
    recipientId: recipient.id,
    channel: 'LETTER',
    purpose: 'CONVOCATION',
    sendKey: `matrix:${uuidv7()}`,
    address: '1 rue du Doubs',
    status: 'PENDING',
  });
  await doubsEm.flush();
  const document = doubsEm.create(Document, { id: uuidv7(), meeting: meeting!, kind: 'RAPPORT', title: 'Rapport départemental' });
  const libraryDocument = doubsEm.create(Document, {
    id: uuidv7(),
    meeting: null,
    libraryCategory: 'GUIDE',
    kind: 'AUTRE',
    title: 'Guide départemental',
  });
  const upload = doubsEm.create(PendingUpload, {
    id: uuidv7(),
    meeting: meeting!,
    kind: 'ANNEXE',
    title: 'Annexe',
    fileName: 'annexe.pdf',
    contentType: 'application/pdf',
    sizeBytes: 1_000,
    storageKey: `${doubs.id}/documents/test/annexe.pdf`,
    requestedBy: membership!.person.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  const version = doubsEm.create(DocumentVersion, {
    id: uuidv7(),
    document,
    version: 1,
    storageKey: `${doubs.id}/documents/test/rapport.pdf`,
    fileName: 'rapport.pdf',
    contentType: 'application/pdf',
    sizeBytes: 1_000,
    sha256: '0'.repeat(64),
    pageCount: 1,
    uploadedBy: membership!.person.id,
  });
  const annotation = doubsEm.create(Annotation, {
    id: uuidv7(),
    personId: membership!.person.id,
    document,
    kind: 'NOTE',
    createdOnVersion: version,
    quote: '',
    prefix: '',
    suffix: '',
    version,
    pageNumber: 1,
    anchoredQuote: '',
    anchorStatus: 'ANCHORED',
    note: 'Note privée',
  });
  const circuit = doubsEm.create(Circuit, {
    id: uuidv7(),
    name: 'Circuit départemental',
    steps: [{ label: 'Direction', validatorPersonId: null, validatorRole: 'SECRETARIAT', delegatePersonId: null }],
  });
  await doubsEm.flush();
  const projet = doubsEm.create(Projet, {
    id: uuidv7(),
    title: 'Projet départemental',
    kind: 'DELIBERATION',
    rapport: 'Rapport',
    projetText: 'Article 1',
    authorId: membership!.person.id,
    circuitId: circuit.id,
    steps: circuit.steps,
    status: 'IN_VALIDATION',
    currentStep: 0,
    version: 1,
  });
  await doubsEm.flush();
  const projetDocument = doubsEm.create(ProjetDocument, {
    id: uuidv7(),
    projetId: projet.id,
    title: 'Annexe',
    fileName: 'annexe.pdf',
    storageKey: `${doubs.id}/projets/test/annexe.pdf`,
    sizeBytes: 1_000,
    sha256: '0'.repeat(64),
    uploadedBy: membership!.person.id,
  });
  await doubsEm.flush();
  const groupement = await seedGroupement(harness);
  target = {
    ...groupement,
    doubsDocumentId: document.id,
    doubsLibraryDocumentId: libraryDocument.id,
    doubsProjetId: projet.id,
    doubsProjetDocumentId: projetDocument.id,
    doubsCircuitId: circuit.id,
    doubsVersionId: version.id,
    doubsAnnotationId: annotation.id,
    doubsUploadId: upload.id,
    doubsBodyId: doubs.id,
    villeBodyId: ville.id,
    villeMeetingId: villeMeeting!.id,
    doubsMeetingId: meeting!.id,
    doubsMembershipId: membership!.id,
    doubsAssemblyId: meeting!.assembly.id,
    doubsAssemblyMemberId: seat!.id,
    // Someone of the Département only (claire.martin sits in both).
    doubsPersonId: (await em.findOneOrFail(Person, { email: 'secretariat.doubs@demo.cartable.fr' })).id,
    doubsDeliveryId: delivery.id,
    doubsMemberships: await em.count(Membership, { body: doubs.id }),
    doubsSeats: await doubsEm.count(AssemblyMember, {}),
    doubsSeatTerms: { role: seat!.role, votingRight: seat!.votingRight },
    doubsAgendaItemId: item.id,
  };
});
afterAll(() => harness?.close());

describe('cross-body matrix', () => {
  it('covers every operation that takes an id or a slug', async () => {
    const all = idTakingCoordinates(await buildCartableSchema(resolvers));
    expect(all).toContain('Query.body(slug)');
    const covered = new Set(Object.values(probes).flatMap((probe) => probe.coordinates));
    expect(all.filter((coordinate) => !covered.has(coordinate))).toEqual([]);
  });

  for (const actor of ['paul.bernard', 'secretariat.ville']) {
    for (const [name, probe] of Object.entries(probes)) {
      it(`${actor}: ${name} → NOT_FOUND`, async () => {
        const result = await harness.graphql(probe.query, probe.variables(target), await harness.token(actor));
        expect(result.status).toBe(probe.status ?? 200);
        // A nullable root field answers { field: null } beside its error; nothing of the object may show.
        expect(Object.values(result.data ?? {}).every((value) => value === null)).toBe(true);
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual([probe.expected ?? 'NOT_FOUND']);
      });
    }
  }

  it('left the Département untouched', async () => {
    const em = harness.runtime.orm.em.fork();
    expect(await em.count(Membership, { body: target.doubsBodyId })).toBe(target.doubsMemberships);
    const membership = await em.findOneOrFail(Membership, target.doubsMembershipId);
    expect(membership.roles.length).toBeGreaterThan(0);
    const doubsEm = harness.runtime.orm.em.fork({ schema: bodySchemaName(target.doubsBodyId) });
    expect((await doubsEm.findOneOrFail(Meeting, target.doubsMeetingId)).status).toBe('DRAFT');
    expect(await doubsEm.count(AssemblyMember, {})).toBe(target.doubsSeats);
    const seat = await doubsEm.findOneOrFail(AssemblyMember, target.doubsAssemblyMemberId);
    expect({ role: seat.role, votingRight: seat.votingRight }).toEqual(target.doubsSeatTerms);
    expect(await doubsEm.count(Delivery, {})).toBe(1);
    expect((await doubsEm.findOneOrFail(Delivery, target.doubsDeliveryId)).status).toBe('PENDING');
    expect((await doubsEm.findOneOrFail(AgendaItem, target.doubsAgendaItemId)).title).toBe('Budget départemental');
    expect(await doubsEm.count(Document, {})).toBe(2);
    expect((await doubsEm.findOneOrFail(Document, target.doubsLibraryDocumentId)).title).toBe('Guide départemental');
    expect(await doubsEm.count(PendingUpload, {})).toBe(1);
    expect(await doubsEm.count(AttendanceRecord, {})).toBe(0);
    expect((await doubsEm.findOneOrFail(Annotation, target.doubsAnnotationId)).note).toBe('Note privée');
    expect(await doubsEm.findOneOrFail(Projet, target.doubsProjetId)).toMatchObject({
      title: 'Projet départemental',
      status: 'IN_VALIDATION',
      currentStep: 0,
      version: 1,
    });
    expect(await doubsEm.count(ProjetDocument, {})).toBe(1);
    expect((await doubsEm.findOneOrFail(Circuit, target.doubsCircuitId)).name).toBe('Circuit départemental');
    expect((await em.findOneOrFail(Body, target.doubsBodyId)).status).toBe('ACTIVE');
    const loan = await em.findOneOrFail(DeviceAllocation, target.claireLoanId);
    expect([loan.acceptedAt, loan.endedAt]).toEqual([null, null]);
    expect(await em.count(SupportTicket, { device: target.claireDeviceId })).toBe(1);
  });
});
