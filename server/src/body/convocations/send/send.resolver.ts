import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../../graphql/scalars.js';
import { zonedDate } from '../../../common/time.js';
import { Access } from '../../../graphql/access.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { agendaOf } from '../../agenda/agenda.service.js';
import { documentsOf } from '../../documents/document.service.js';
import { ConvocationDeadlineType } from '../../meetings/convocation-deadline.type.js';
import { meetingDeadline } from '../../meetings/meeting-deadline.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MeetingType } from '../../meetings/meeting.type.js';
import { plannedRecipients } from '../contacts/recipients.js';
import { Convocation } from '../convocation.entity.js';
import { ConvocationMessagesType, ConvocationPreviewType, ConvocationType, SendConvocationInput } from '../convocation.type.js';
import { emailChannel } from '../../../notify/channels/email.js';
import { letterChannel } from '../../../notify/channels/letter.js';
import { smsChannel } from '../../../notify/channels/sms.js';
import { convocationNotice } from '../delivery/convocation-notice.js';
import { missingSynthesis, numberedItems } from './preconditions.js';
import { itemsAwaitingCircuit } from '../../../acts/circuits/circuit.service.js';
import { previewConvocation, sendConvocation, sendSupplement } from './send-convocation.js';

/** A meeting's sends: what they bound, what a send would do now, and the send and supplement mutations. */
@Resolver(() => MeetingType)
export class MeetingConvocationResolver {
  @FieldResolver(() => [ConvocationType], { description: 'Every send of this meeting: the convocation, then supplements.' })
  @Access('authenticated')
  async convocations(@Root() root: MeetingType, @InBody('read', { root: 'bodyId' }) { em }: PersonContext): Promise<ConvocationType[]> {
    return (await em.find(Convocation, { meetingId: root.id }, { orderBy: { sequence: 'asc' } })).map((convocation) =>
      ConvocationType.from(convocation, root.bodyId),
    );
  }

  @FieldResolver(() => ConvocationPreviewType, {
    description: 'Secretariat, before sending: who a convocation sent now would reach, through which channels, and what is still missing.',
  })
  @Access('authenticated')
  async convocationPreview(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) { body, em, services }: PersonContext,
  ): Promise<ConvocationPreviewType> {
    const { convocations } = services;
    const meeting = await findMeeting(em, root.id);
    const [recipients, items, documents] = await Promise.all([
      plannedRecipients(em, body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone), convocations.channelsOff),
      agendaOf(em, meeting.id),
      documentsOf(em, meeting.id),
    ]);
    return Object.assign(new ConvocationPreviewType(), {
      recipients: recipients.map(({ personId, displayName, votingRight, mode, channels }) => ({
        personId,
        displayName,
        votingRight,
        mode,
        channels,
      })),
      urgentDeadline: ConvocationDeadlineType.from(await meetingDeadline({ em, body }, meeting, true)),
      missingSynthesis: missingSynthesis(body, meeting, numberedItems(items), documents),
      awaitingCircuit: await itemsAwaitingCircuit(em, numberedItems(items)),
      channelsOff: convocations.channelsOff,
    });
  }

  @FieldResolver(() => ConvocationMessagesType, {
    description:
      'Secretariat, before sending: the email, SMS and letter a convocation sent now would carry (urgency as declared in the arguments, else as stored).',
  })
  @Access('authenticated')
  async convocationMessages(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) ctx: PersonContext,
    @Arg('urgent', () => Boolean, { nullable: true }) urgent?: boolean | null,
    @Arg('urgencyJustification', () => String, { nullable: true }) urgencyJustification?: string | null,
  ): Promise<ConvocationMessagesType> {
    const { manifest, recipients } = await previewConvocation(ctx, { meetingId: root.id, urgent, urgencyJustification });
    const notice = convocationNotice(manifest, { publicUrl: ctx.services.convocations.publicUrl });
    const paper = recipients.find((recipient) => recipient.mode === 'PAPER') ?? recipients[0];
    const addressee = { name: paper?.displayName ?? 'Madame, Monsieur', address: paper?.postalAddress ?? null };
    return ConvocationMessagesType.from(addressee, {
      email: emailChannel.render(notice, addressee),
      sms: smsChannel.render(notice, addressee),
      letter: await letterChannel.render(notice, addressee),
    });
  }

  @Mutation(() => ConvocationType, {
    description:
      'Sends the convocation: checks the agenda, the explanatory notes and the legal deadline (or a justified urgency), then convenes every member in office, in one transaction.',
  })
  @Access('authenticated')
  async sendConvocation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => SendConvocationInput) input: SendConvocationInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ConvocationType> {
    return ConvocationType.from(await sendConvocation(ctx, input), ctx.bodyId);
  }

  @Mutation(() => ConvocationType, { description: 'Sends the documents added or replaced since the last send, with their own manifest.' })
  @Access('authenticated')
  async sendConvocationSupplement(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ConvocationType> {
    return ConvocationType.from(await sendSupplement(ctx, meetingId), ctx.bodyId);
  }
}
