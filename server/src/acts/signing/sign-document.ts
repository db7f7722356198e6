import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UnauthenticatedError } from '../../common/errors.js';
import { Person } from '../../platform/people/person.entity.js';
import type { TimestampAuthority } from '../../evidence/timestamping/timestamp-authority.js';
import type { SignatoryRole } from '../deliberation.entity.js';
import { cadesDetachedSignature } from './cades.js';
import { signPdfIncrementally } from './pdf-signature.js';
import type { SigningCredentialSource } from './signing-pki.js';

/** What signing needs: the credentials of the body's signatories and the timestamp authority. */
declare module '../../tenancy/body-context.js' {
  interface BodyServices {
    /** The acts' signing credentials and timestamp authority. */
    acts: ActServices;
  }
}

export interface ActServices {
  signing: SigningCredentialSource;
  timestamps: TimestampAuthority;
}

/** Who signs a document of a séance: its président, then its secrétaire(s). */
export function signatoriesOf(document: {
  presidentId: string;
  secretaryIds: readonly string[];
}): { personId: string; role: SignatoryRole }[] {
  return [
    { personId: document.presidentId, role: 'PRESIDENT' as const },
    ...document.secretaryIds.map((personId) => ({ personId, role: 'SECRETARY' as const })),
  ];
}

export const signatoryRoleLabels: Record<SignatoryRole, string> = {
  PRESIDENT: 'Président(e) de séance',
  SECRETARY: 'Secrétaire de séance',
};

/**
 * The signer's PAdES B-T signature added to `pdf` in an incremental update, with a certificate of the
 * body's signing authority; `what` names the document in the signature's reason.
 */
export async function appendSignature(
  services: ActServices,
  body: { id: string; name: string },
  signer: { personId: string; displayName: string },
  role: SignatoryRole,
  pdf: Buffer,
  what: { label: string; order: number },
  now: Date,
): Promise<{ pdf: Buffer; sha256: string }> {
  const credentials = await services.signing.credentials(body, signer);
  const signed = await signPdfIncrementally(
    pdf,
    {
      fieldName: `Signature ${what.order} — ${signatoryRoleLabels[role]}`,
      name: signer.displayName,
      reason: `${signatoryRoleLabels[role]} — ${what.label}`,
      location: body.name,
      signingTime: now,
    },
    (bytes) => cadesDetachedSignature(bytes, credentials, services.timestamps),
  );
  return { pdf: signed, sha256: createHash('sha256').update(signed).digest('hex') };
}

/** The caller as a signer: their platform person and the name their certificate carries. */
export async function signerOf(platformEm: EntityManager, personId: string | null): Promise<{ personId: string; displayName: string }> {
  const person = personId ? await platformEm.findOne(Person, { id: personId }) : null;
  if (!person) throw new UnauthenticatedError();
  return { personId: person.id, displayName: person.displayName };
}
