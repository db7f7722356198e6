import { countOf, frenchDateTime } from '../../../common/french.js';
import type { ConvocationManifest } from '../send/manifest.js';

export interface ConvocationText {
  subject: string;
  /** Paragraphs, in order; the agenda is one line per item. */
  opening: string[];
  agenda: string[];
  closing: string[];
}

/**
 * The words of a convocation (CGCT L2121-10: date, time, place, the questions on the agenda), shared
 * by the email, the paper letter and the reminder, so they never say different things.
 */
export function convocationText(manifest: ConvocationManifest, options: { link: string; reminder?: boolean }): ConvocationText {
  const { meeting, body, convocation } = manifest;
  const when = frenchDateTime(meeting.startsAt, body.timeZone);
  const supplement = convocation.kind === 'SUPPLEMENT';
  const subject = `${options.reminder ? 'Rappel — ' : ''}${supplement ? 'Complément à la convocation' : 'Convocation'} : ${meeting.assembly.name} du ${when}${meeting.urgent ? ' (urgence)' : ''}`;
  const opening = supplement
    ? [`Des documents ont été ajoutés ou remplacés pour la séance « ${meeting.title} » (${meeting.assembly.name}) du ${when}.`]
    : [
        'Madame, Monsieur,',
        `Vous êtes convoqué(e) à la séance « ${meeting.title} » de l’assemblée ${meeting.assembly.name} (${body.name}), le ${when}${meeting.place ? `, ${meeting.place}` : ''}.`,
        ...(meeting.secondConvocation
          ? [
              `Seconde convocation, après la séance du ${frenchDateTime(meeting.secondConvocation.firstStartsAtLocal, body.timeZone)}. ${meeting.secondConvocation.text}`,
            ]
          : []),
        ...(meeting.urgent ? [`Cette convocation est adressée en urgence : ${meeting.urgencyJustification ?? ''}`] : []),
        ...(options.reminder ? ['Vous n’avez pas encore accusé réception de cette convocation.'] : []),
      ];
  const agenda = supplement
    ? manifest.documents.map(
        (document) =>
          `${document.change === 'REPLACED' ? 'Nouvelle version' : 'Nouveau'} : ${document.title}${document.agendaItemNumber ? ` (point ${document.agendaItemNumber})` : ''}`,
      )
    : manifest.agenda.map((item) => `${item.number}. ${item.title}${item.closedSession ? ' (huis clos)' : ''}`);
  const closing = [
    `${countOf(manifest.documents.length, 'document')} ${supplement ? (manifest.documents.length > 1 ? 'sont' : 'est') : manifest.documents.length > 1 ? 'accompagnent cette convocation,' : 'accompagne cette convocation,'} consultables dans votre cartable numérique : ${options.link}`,
    ...(supplement
      ? []
      : [
          'Merci d’indiquer votre présence, votre absence ou le pouvoir donné à un collègue, et d’accuser réception, depuis votre cartable.',
        ]),
    `Envoi du ${frenchDateTime(convocation.sentAt, body.timeZone)} — empreinte SHA-256 des documents et de la liste des destinataires consignée au registre de preuve de ${body.name}.`,
  ];
  return { subject, opening, agenda, closing };
}

/** Where an official opens this meeting in the web app. */
export function meetingLink(publicUrl: string, bodyId: string, meetingId: string): string {
  return `${publicUrl}/seances/${bodyId}/${meetingId}`;
}
