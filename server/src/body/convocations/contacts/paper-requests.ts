import { BadUserInputError } from '../../../common/errors.js';
import { assertMemberOf } from '../../../platform/people/membership.service.js';
import type { BodyContext } from '../../../tenancy/body-context.js';
import type { ActingContext } from '../convocation-context.js';
import { PaperConvocationRequest } from '../convocation.entity.js';

/**
 * Records an official's choice of paper (L2121-10: "si les conseillers municipaux en font la demande,
 * adressée par écrit à leur domicile ou à une autre adresse"), or their return to electronic (null).
 * It applies from the next send.
 */
export async function setPaperConvocation(
  ctx: Pick<ActingContext, 'body' | 'em' | 'platformEm' | 'actor'>,
  { personId, postalAddress }: { personId: string; postalAddress: string | null },
): Promise<void> {
  const { em } = ctx;
  await assertMemberOf(ctx.platformEm, ctx.body.id, personId);
  if (postalAddress === null) {
    await em.nativeDelete(PaperConvocationRequest, { personId });
    return;
  }
  const address = postalAddress.trim();
  // In characters (code points), as the table's check counts them, not in UTF-16 code units.
  const characters = [...address].length;
  if (characters < 5 || characters > 500)
    throw new BadUserInputError('Adresse postale invalide (5 à 500 caractères).', { field: 'postalAddress' });
  await em.upsert(PaperConvocationRequest, { personId, postalAddress: address, requestedAt: new Date(), recordedBy: ctx.actor.personId });
}

/** The official's paper request in this body, or null when they receive their convocations electronically. */
export async function paperRequestOf(ctx: Pick<BodyContext, 'em'>, personId: string): Promise<PaperConvocationRequest | null> {
  return ctx.em.findOne(PaperConvocationRequest, { personId });
}
