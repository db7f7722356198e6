import { countOf, frenchDateTime, frenchLocalDate } from '../../../common/french.js';
import { attendanceResponseNames, deliveryPurposeNames, meetingStatusNames } from '../../french-names.js';
import { deliveryChannel } from '../../../notify/channels/registry.js';
import { TextPdfWriter } from '../../../media/pdf-text.js';
import type { SeanceRecord } from '../../seance/seance-record.js';
import { bodyArticles, cited, type BodyArticles } from '../../../legal/body-articles.js';
import type { MeetingProof } from './meeting-proof.js';

/**
 * The human-readable attestation: who was convened, when, through which channel, when each message was
 * accepted, opened and acknowledged, the hash of every document, the deadline and whether it was met, and
 * the timestamps that anchor it all. The machine-checkable counterpart is the bundle (bundle.ts).
 */
export async function renderAttestation(proof: MeetingProof, authorityDescription: string): Promise<Uint8Array> {
  const { body, meeting } = proof;
  const zone = body.timeZone;
  const at = (instant: Date | string | null | undefined) => (instant ? frenchDateTime(instant, zone) : '—');
  const writer = await TextPdfWriter.create({
    title: `Attestation d’envoi des convocations — ${meeting.title}`,
    author: body.name,
    footer: `${body.name} — attestation générée le ${at(proof.generatedAt)}`,
    createdAt: proof.generatedAt,
  });
  writer
    .text(body.name, { size: 15, bold: true })
    .text('Attestation d’envoi et de réception des convocations', { size: 13, bold: true, gapAfter: 10 });
  writer.text(`Séance : ${meeting.title} — ${meeting.assembly.name}`);
  writer.text(`Date : ${at(meeting.startsAt)}${meeting.place ? ` — ${meeting.place}` : ''}`);
  writer.text(`État : ${meetingStatusNames[meeting.status]}`, { gapAfter: 8 });

  for (const convocation of proof.convocations) {
    const manifest = convocation.manifest;
    const anchor = proof.anchors.find((item) => item.kind === 'MANIFEST' && item.convocationId === convocation.id);
    writer.heading(convocation.kind === 'INITIAL' ? 'Convocation' : `Complément n° ${convocation.sequence - 1}`);
    writer.text(`Envoyée le ${at(convocation.sentAt)} par ${manifest.convocation.sentBy.name}.`);
    writer.text(
      `Délai légal : ${countOf(convocation.clearDays, 'jour franc', 'jours francs')} (${convocation.article}) — envoi au plus tard le ${at(convocation.latestSendAt)} — ${convocation.onTime ? 'délai respecté' : 'DÉLAI NON RESPECTÉ'}.`,
    );
    if (convocation.urgent) writer.text(`Urgence déclarée : ${convocation.urgencyJustification ?? ''}`);
    writer.text(`Empreinte SHA-256 du manifeste : ${convocation.manifestSha256}`, { size: 8 });
    writer.text(anchor ? `Horodatage RFC 3161 : ${at(anchor.genTime)}, par ${anchor.authority}.` : 'Horodatage RFC 3161 : en attente.', {
      gapAfter: 6,
    });
    writer.text(`Documents (${manifest.documents.length}) :`, { bold: true });
    for (const document of manifest.documents) {
      writer.text(
        `${document.agendaItemNumber ? `Point ${document.agendaItemNumber} — ` : ''}${document.title} (${document.fileName}, v${document.version}, ${document.pageCount} p.)`,
        { indent: 10 },
      );
      writer.text(`SHA-256 ${document.sha256}`, { indent: 20, size: 8 });
    }
  }

  if (proof.changes.length > 0) {
    writer.heading('Annulation et déplacements');
    for (const change of proof.changes) {
      writer.text(
        change.kind === 'CANCELLED'
          ? `Séance annulée le ${at(change.changedAt)}.`
          : `Séance déplacée le ${at(change.changedAt)} : du ${at(change.previousStartsAt)}${change.previousPlace ? ` (${change.previousPlace})` : ''} au ${at(change.startsAt)}${change.place ? ` (${change.place})` : ''} — délai légal de la convocation ${change.deadlineMet ? 'respecté' : 'NON RESPECTÉ'} pour la nouvelle date.`,
      );
      writer.text(`Motif : ${change.reason}. Chaque élu convoqué en a été avisé (envois « ${deliveryPurposeNames.CHANGE} » ci-dessous).`, {
        indent: 10,
        size: 9,
        gapAfter: 4,
      });
    }
  }

  writer.heading('Destinataires');
  for (const entry of proof.followUp) {
    const { recipient, receipt, answer } = entry;
    writer.text(
      `${recipient.displayName} — ${recipient.channel === 'PAPER' ? `convocation papier (${recipient.postalAddress ?? ''})` : recipient.email}`,
      { bold: true },
    );
    for (const delivery of entry.deliveries) {
      const outcome =
        delivery.status === 'ACCEPTED'
          ? `accepté le ${at(delivery.acceptedAt)}`
          : delivery.status === 'POSTED'
            ? `posté le ${delivery.postedOn ? frenchLocalDate(delivery.postedOn) : '—'}`
            : delivery.status === 'FAILED'
              ? `échec (${delivery.lastError ?? ''})`
              : 'en cours';
      writer.text(
        `${deliveryPurposeNames[delivery.purpose]} par ${deliveryChannel(delivery.channel).label} (${delivery.address}) : ${outcome}`,
        { indent: 10, size: 9 },
      );
    }
    writer.text(
      `Première ouverture : ${at(receipt?.firstOpenedAt)} ; accusé de réception : ${at(receipt?.acknowledgedAt)} ; documents téléchargés : ${entry.documentsDownloaded}`,
      { indent: 10, size: 9 },
    );
    if (answer) {
      const holder = answer.proxyHolderId
        ? proof.followUp.find((item) => item.recipient.personId === answer.proxyHolderId)?.recipient.displayName
        : null;
      writer.text(
        `Réponse : ${attendanceResponseNames[answer.response]}${holder ? ` à ${holder}` : ''} (le ${at(answer.recordedAt)}${answer.recordedBy !== answer.personId ? ', saisie par le secrétariat' : ''})`,
        { indent: 10, size: 9 },
      );
    }
  }

  if (proof.seance) writeSeance(writer, proof.seance, bodyArticles(body.kind), at);

  writer.heading('Intégrité');
  const batches = proof.anchors.filter((anchor) => anchor.kind === 'EVENTS');
  writer.text(
    `Registre de preuve de l’organisme : ${countOf(proof.ledger.entries, 'entrée chaînée', 'entrées chaînées')}, ${proof.ledger.ok ? 'chaîne intègre' : `CHAÎNE ROMPUE à l’entrée ${proof.ledger.firstBroken?.sequence}`}, empreinte de tête ${proof.ledger.head}.`,
    { size: 9 },
  );
  writer.text(
    `Événements horodatés : ${countOf(batches.length, 'lot')}${batches.length ? `, le dernier le ${at(batches.at(-1)!.genTime)}` : ''}. Autorité d’horodatage : ${authorityDescription}.`,
    { size: 9 },
  );
  writer.text(
    'Vérification indépendante : le fichier « preuve » (archive .tar) contient chaque manifeste et chaque lot d’événements avec son jeton RFC 3161 (.tsr), les certificats de l’autorité et les documents envoyés ; les commandes « openssl ts -verify » et « sha256sum -c » suffisent (voir LISEZMOI.txt).',
    { size: 9 },
  );
  return writer.save();
}

const methodNames = { HAND: 'à main levée', PUBLIC: 'scrutin public', SECRET: 'scrutin secret' } as const;
const choiceNames: Record<string, string> = { FOR: 'pour', AGAINST: 'contre', ABSTENTION: 'abstention', NOT_VOTING: 'ne prend pas part' };
const occasionNames: Record<string, string> = { OPENING: 'à l’ouverture', VOTE: 'avant le vote', REQUEST: 'à la demande' };

/** The course of the séance: opening and closing, secretaries, movements, pouvoirs, quorum checks, votes and results. */
function writeSeance(writer: TextPdfWriter, seance: SeanceRecord, articles: BodyArticles, at: (instant: Date | null) => string): void {
  writer.heading('Déroulement de la séance');
  writer.text(
    seance.status === 'NO_QUORUM'
      ? `Ouverte le ${at(seance.openedAt)} et close aussitôt faute de quorum.`
      : `Ouverte le ${at(seance.openedAt)}${seance.closedAt ? `, close le ${at(seance.closedAt)}` : ' — en cours'}.`,
  );
  if (seance.secretaries.length > 0)
    writer.text(
      `Secrétaire${seance.secretaries.length > 1 ? 's' : ''} de séance : ${seance.secretaries.join(', ')}${cited(articles.secretaries)}.`,
    );
  if (seance.closedSession) writer.text(`Huis clos décidé par l’assemblée${cited(articles.closedSession)}.`);
  writer.text('Présences :', { bold: true });
  for (const stay of seance.stays)
    writer.text(`${stay.name} — arrivée ${at(stay.arrivedAt)}, départ ${at(stay.leftAt)}`, { indent: 10, size: 9 });
  if (seance.proxies.length > 0) {
    writer.text('Pouvoirs :', { bold: true });
    for (const proxy of seance.proxies) {
      writer.text(
        `${proxy.giver} à ${proxy.holder} (${proxy.origin === 'HANDED' ? 'remis en séance' : 'annoncé'}) — du ${at(proxy.from)} au ${at(proxy.until)}`,
        { indent: 10, size: 9 },
      );
    }
  }
  writer.text('Contrôles du quorum :', { bold: true });
  for (const check of seance.checks) {
    const outcome = check.reached === null ? 'pas de quorum légal' : check.reached ? 'atteint' : 'NON ATTEINT';
    writer.text(
      `${at(check.checkedAt)}, ${occasionNames[check.occasion] ?? check.occasion} : ${countOf(check.present, 'présent', 'présents')}, ${countOf(check.represented, 'représenté', 'représentés')}, ${check.required ?? '—'} requis — ${outcome}${check.article ? ` (${check.article})` : ''}`,
      { indent: 10, size: 9 },
    );
  }
  for (const vote of seance.votes) {
    writer.text(`Vote — ${vote.itemTitle} (${methodNames[vote.method]}${vote.electronic ? ', sur tablettes' : ''})`, { bold: true });
    if (!vote.figures || !vote.result) {
      writer.text('En cours.', { indent: 10, size: 9 });
      continue;
    }
    const figures = vote.figures;
    const counted =
      vote.method === 'SECRET'
        ? `pour ${figures.for}, contre ${figures.against}, blancs ${figures.blank}, nuls ${figures.spoiled}`
        : `pour ${figures.for}, contre ${figures.against}, abstentions ${figures.abstention}, ne prennent pas part ${figures.notVoting}`;
    writer.text(
      `${counted} — suffrages exprimés ${vote.expressed}, majorité ${vote.majority} — ${vote.result === 'ADOPTED' ? 'ADOPTÉ' : 'REJETÉ'}${vote.castingVoteUsed ? ' (voix prépondérante du président)' : ''} (${vote.article})${vote.enteredBySecretariat ? ' ; totaux saisis par le secrétariat' : ''}.`,
      { indent: 10, size: 9 },
    );
    if (vote.ballots)
      writer.text(vote.ballots.map((ballot) => `${ballot.name} : ${choiceNames[ballot.choice] ?? ballot.choice}`).join(' ; '), {
        indent: 10,
        size: 8,
      });
  }
}
