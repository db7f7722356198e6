import { frenchDateTime } from '../../../common/french.js';
import type { ConvocationText } from './convocation-text.js';
import type { ConvocationManifest } from '../send/manifest.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The email of a convocation, as sent (and as the secretariat previews it before sending). */
export function convocationEmail(text: ConvocationText): { subject: string; text: string; html: string } {
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return {
    subject: text.subject,
    text: [...text.opening, '', 'Ordre du jour :', ...text.agenda, '', ...text.closing].join('\n'),
    html: `<!doctype html><html lang="fr"><body>
${paragraphs(text.opening)}
<ol style="list-style:none;padding-left:0">${text.agenda.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>
${paragraphs(text.closing)}
</body></html>`,
  };
}

/** The SMS of a convocation, a supplement or a reminder: the assembly, the date and the link. */
export function convocationSms(manifest: ConvocationManifest, link: string, reminder: boolean): string {
  const when = frenchDateTime(manifest.meeting.startsAt, manifest.body.timeZone);
  const prefix = reminder ? 'Rappel : convocation' : manifest.convocation.kind === 'SUPPLEMENT' ? 'Nouveaux documents' : 'Convocation';
  return `${prefix} ${manifest.meeting.assembly.name} du ${when}. ${link}`;
}
