import { renderCalendar } from '../../calendar/ics.js';
import { meetingEvent, type CalendarMeeting } from '../../calendar/meeting-event.js';
import { frenchDateTime } from '../../common/french.js';
import type { Notice } from '../../notify/channels/channel.js';
import type { Convocation, DeliveryPurpose } from '../convocations/convocation.entity.js';
import { convocationNotice } from '../convocations/delivery/convocation-notice.js';
import type { ConvocationText } from '../convocations/delivery/convocation-text.js';
import type { ConvocationManifest } from '../convocations/send/manifest.js';
import type { MeetingChange } from './meeting-change.entity.js';

/** The manifest's meeting as it stands after `change` (the manifest itself, bound by the send, never changes). */
function asChanged(manifest: ConvocationManifest, change: MeetingChange | null): ConvocationManifest {
  if (!change) return manifest;
  return { ...manifest, meeting: { ...manifest.meeting, startsAt: change.startsAt.toISOString(), place: change.place ?? null } };
}

/** The words of the notice of a cancellation or a move, laid out as a convocation's (the agenda kept for reference). */
function changeText(manifest: ConvocationManifest, change: MeetingChange, link: string): ConvocationText {
  const { meeting, body } = manifest;
  const zone = body.timeZone;
  const before = `${frenchDateTime(change.previousStartsAt, zone)}${change.previousPlace ? `, ${change.previousPlace}` : ''}`;
  const cancelled = change.kind === 'CANCELLED';
  return {
    subject: cancelled
      ? `Séance annulée : ${meeting.assembly.name} du ${frenchDateTime(change.previousStartsAt, zone)}`
      : `Séance déplacée : ${meeting.assembly.name} le ${frenchDateTime(change.startsAt, zone)} (au lieu du ${frenchDateTime(change.previousStartsAt, zone)})`,
    opening: [
      'Madame, Monsieur,',
      cancelled
        ? `La séance « ${meeting.title} » de l’assemblée ${meeting.assembly.name} (${body.name}), prévue le ${before}, est annulée.`
        : `La séance « ${meeting.title} » de l’assemblée ${meeting.assembly.name} (${body.name}), prévue le ${before}, est déplacée au ${frenchDateTime(change.startsAt, zone)}${change.place ? `, ${change.place}` : ''}.`,
      `Motif : ${change.reason}`,
    ],
    agenda: manifest.agenda.map((item) => `${item.number}. ${item.title}${item.closedSession ? ' (huis clos)' : ''}`),
    closing: [
      `Votre cartable numérique : ${link}`,
      `Avis du ${frenchDateTime(change.changedAt, zone)}, consigné au registre de preuve de ${body.name}.`,
    ],
  };
}

function changeSms(manifest: ConvocationManifest, change: MeetingChange, link: string): string {
  const zone = manifest.body.timeZone;
  const assembly = manifest.meeting.assembly.name;
  return change.kind === 'CANCELLED'
    ? `Séance annulée : ${assembly} du ${frenchDateTime(change.previousStartsAt, zone)}. ${link}`
    : `Séance déplacée : ${assembly} le ${frenchDateTime(change.startsAt, zone)}${change.place ? `, ${change.place}` : ''} (au lieu du ${frenchDateTime(change.previousStartsAt, zone)}). ${link}`;
}

/** The meeting of a convocation's manifest, as `change` left it, for its `.ics`. */
function calendarMeetingOf(convocation: Convocation, change: MeetingChange | null): CalendarMeeting {
  const { body, meeting } = asChanged(convocation.manifest, change);
  return {
    meetingId: meeting.id,
    bodyId: body.id,
    bodyName: body.name,
    timeZone: body.timeZone,
    assemblyName: meeting.assembly.name,
    title: meeting.title,
    startsAt: new Date(meeting.startsAt),
    place: meeting.place,
    cancelled: change?.kind === 'CANCELLED',
    change,
    convenedAt: convocation.sentAt,
  };
}

/**
 * What a delivery says, as every channel renders it. A CHANGE delivery announces its change; the others
 * say the convocation's words, with the date and place of the latest change when there is one (a reminder
 * after a move gives the new date). The emails of the convocation itself (not of a supplement) and of a
 * change carry the meeting's `.ics`, with the same UID as the personal feed and the change's SEQUENCE.
 */
export function deliveryNotice(
  publicUrl: string,
  organizer: { name: string; email: string },
  purpose: DeliveryPurpose,
  convocation: Convocation,
  change: MeetingChange | null,
): Notice {
  const manifest = asChanged(convocation.manifest, change);
  const announcing = purpose === 'CHANGE' && change;
  const notice = convocationNotice(manifest, { publicUrl, reminder: purpose === 'REMINDER', manifestSha256: convocation.manifestSha256 });
  const withCalendar = announcing || convocation.kind === 'INITIAL';
  const calendar = withCalendar
    ? { calendar: renderCalendar([meetingEvent(calendarMeetingOf(convocation, change), publicUrl)], { method: 'PUBLISH', organizer }) }
    : {};
  if (!announcing) return { ...notice, ...calendar };
  const text = changeText(convocation.manifest, change, notice.link);
  return {
    ...notice,
    subject: text.subject,
    opening: text.opening,
    list: { title: notice.list.title, lines: text.agenda },
    closing: text.closing,
    short: changeSms(convocation.manifest, change, notice.link),
    headline: text.opening[1] ?? text.subject,
    ...calendar,
  };
}
