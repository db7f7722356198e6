import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { DocumentVersion } from '../../documents/document.entity.js';
import type { BodyContext } from '../../../tenancy/body-context.js';
import type { MeetingProof } from './meeting-proof.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Splits a PEM chain (TSA certificate first, root last) into its certificates. */
export function pemCertificates(pem: string): string[] {
  return (
    pem
      .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g)
      ?.map((block) => (block.endsWith('\n') ? block : `${block}\n`)) ?? []
  );
}

const verifyScript = `#!/bin/sh
# Vérifie cette preuve avec les seuls outils openssl et sha256sum. Code de sortie 0 : tout est vérifié.
set -e
cd "$(dirname "$0")"
sha256sum -c SHA256SUMS
for data in convocations/*.json evenements/*.json; do
  [ -e "$data" ] || continue
  openssl ts -verify -data "$data" -in "\${data%.json}.tsr" -CAfile tsa/racine.pem -untrusted tsa/tsa.pem
done
echo "Preuve vérifiée."
`;

function readme(proof: MeetingProof, authority: string): string {
  return `Preuve des convocations — ${proof.meeting.title} (${proof.body.name})
Générée le ${proof.generatedAt.toISOString()}.

Contenu
  attestation.pdf            attestation lisible (destinataires, canaux, dates d'envoi, de réception et de lecture)
  convocations/N-manifeste.json   manifeste de chaque envoi : séance, délai légal et son respect, ordre du jour,
                             documents (SHA-256) et destinataires avec leurs canaux ; N.tsr : son jeton RFC 3161
  evenements/lot-NNNN.json   lots d'événements du registre (remises, ouvertures, accusés de réception, réponses ;
                             puis la séance : ouverture, contrôles du quorum, arrivées, départs, pouvoirs, votes
                             et résultats), chaînés par empreinte ; lot-NNNN.tsr : le jeton RFC 3161 du lot
  documents/                 les documents envoyés, tels qu'envoyés
  tsa/tsa.pem, tsa/racine.pem   certificats de l'autorité d'horodatage (${authority})
  SHA256SUMS                 empreintes des documents (reprises des manifestes) et des manifestes et lots

Vérifier (aucun logiciel Cartable n'est nécessaire) :
  sha256sum -c SHA256SUMS
  openssl ts -verify -data convocations/1-manifeste.json -in convocations/1-manifeste.tsr -CAfile tsa/racine.pem -untrusted tsa/tsa.pem
  (de même pour chaque manifeste et chaque lot d'événements ; le script verifier.sh fait tout)
Les empreintes des documents listées dans SHA256SUMS figurent dans les manifestes horodatés (champ "sha256") :
  grep -c <empreinte> convocations/*.json
Chaque entrée d'un lot porte "hash" = SHA-256(previousHash + "\\n" + JSON canonique de {sequence, recordedAt, kind,
subjectId, payload}) ; "previousHash" renvoie à l'entrée précédente du registre de l'organisme.
`;
}

/**
 * Streams the proof bundle of a meeting as a tar archive: manifests and event batches with their RFC
 * 3161 tokens, the TSA certificates, the documents as sent, SHA256SUMS and a verification script.
 */
export async function writeProofBundle(ctx: BodyContext, proof: MeetingProof, attestation: Uint8Array, output: Writable): Promise<void> {
  const { em } = ctx;
  const { storage } = ctx.services.documents;
  const chainPem = await ctx.services.timestamps.certificateChainPem();
  const authority = ctx.services.timestamps.description;
  const pack = tar.pack();
  const done = pipeline(pack, output);
  const folder = `preuve-${proof.meeting.id}`;
  const sums: string[] = [];
  const add = (name: string, content: Buffer | string, mode = 0o644) =>
    new Promise<void>((resolve, reject) =>
      pack.entry({ name: `${folder}/${name}`, mode, mtime: proof.generatedAt }, content, (error) => (error ? reject(error) : resolve())),
    );
  const certificates = pemCertificates(chainPem);
  await add('LISEZMOI.txt', readme(proof, authority));
  await add('verifier.sh', verifyScript, 0o755);
  await add('attestation.pdf', Buffer.from(attestation));
  await add('tsa/tsa.pem', certificates[0] ?? '');
  await add('tsa/racine.pem', certificates.at(-1) ?? '');
  for (const anchor of proof.anchors) {
    const convocation = proof.convocations.find((item) => item.id === anchor.convocationId);
    const base =
      anchor.kind === 'MANIFEST'
        ? `convocations/${convocation?.sequence ?? 0}-manifeste`
        : `evenements/lot-${String(anchor.firstSequence).padStart(8, '0')}-${String(anchor.lastSequence).padStart(8, '0')}`;
    const content = Buffer.from(anchor.content);
    await add(`${base}.json`, content);
    await add(`${base}.tsr`, Buffer.from(anchor.token));
    sums.push(`${sha256(content)}  ${base}.json`);
  }
  const sent = proof.convocations.flatMap((convocation) => convocation.manifest.documents);
  const versions = await em.find(DocumentVersion, { id: { $in: sent.map((document) => document.versionId) } });
  for (const document of sent) {
    const version = versions.find((item) => item.id === document.versionId);
    if (!version) continue;
    const name = `documents/${document.sha256.slice(0, 12)}-${document.fileName.replace(/[^\w.-]+/g, '_')}`;
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry(
        { name: `${folder}/${name}`, size: Number(version.sizeBytes), mode: 0o644, mtime: proof.generatedAt },
        (error) => (error ? reject(error) : resolve()),
      );
      storage
        .read(version.storageKey)
        .then((stream) => pipeline(stream, entry))
        .catch(reject);
    });
    sums.push(`${document.sha256}  ${name}`);
  }
  await add('SHA256SUMS', `${sums.join('\n')}\n`);
  pack.finalize();
  await done;
}
