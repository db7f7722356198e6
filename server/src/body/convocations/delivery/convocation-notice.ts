import { frenchDateTime } from '../../../common/french.js';
import type { Notice } from '../../../notify/channels/channel.js';
import type { ConvocationManifest } from '../send/manifest.js';
import { convocationText, meetingLink } from './convocation-text.js';

/**
 * A convocation, a supplement or a reminder as every channel renders it (the email, the SMS, the
 * notification, the letter), drawn from the manifest of the send: the words of `convocationText`, and
 * in one line the assembly, the date and the link.
 */
export function convocationNotice(
  manifest: ConvocationManifest,
  options: { publicUrl: string; reminder?: boolean; manifestSha256?: string },
): Notice {
  const { body, meeting, convocation } = manifest;
  const link = meetingLink(options.publicUrl, body.id, meeting.id);
  const reminder = options.reminder ?? false;
  const text = convocationText(manifest, { link, reminder });
  const prefix = reminder ? 'Rappel : convocation' : convocation.kind === 'SUPPLEMENT' ? 'Nouveaux documents' : 'Convocation';
  return {
    from: { name: body.name, unit: meeting.assembly.name },
    subject: text.subject,
    opening: text.opening,
    list: { title: 'Ordre du jour', lines: text.agenda },
    closing: text.closing,
    short: `${prefix} ${meeting.assembly.name} du ${frenchDateTime(meeting.startsAt, body.timeZone)}. ${link}`,
    link,
    topic: `meeting-${meeting.id}`,
    dated: new Date(convocation.sentAt),
    timeZone: body.timeZone,
    signature: 'Le président',
    reference: `convocation ${convocation.id}`,
    ...(options.manifestSha256 ? { manifestSha256: options.manifestSha256 } : {}),
  };
}
