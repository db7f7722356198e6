import { LockMode } from '@mikro-orm/core';
import { CartableError, ErrorCode } from '../../common/errors.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { provisionBody, type BodyDeclaration } from '../../tenancy/body-provisioning.js';
import { Body, type BodyStatus } from '../bodies/body.entity.js';
import { inviteIfNew, seatPerson, type NewMember } from '../people/membership.service.js';
import { GroupementContract } from './contract.entity.js';

export interface NewMemberBody {
  body: BodyDeclaration;
  admin: Pick<NewMember, 'email' | 'displayName'>;
}

/**
 * A new member body of the groupement, in one transaction: its platform row, its schema and migrations,
 * and its first admin (an existing account is linked). Its Stripe customer follows once committed.
 */
export async function createMemberBody(context: GraphqlContext, input: NewMemberBody) {
  const outcome = await context.platformEm.fork().transactional(async (tx) => {
    const provisioned = await provisionBody(tx, input.body, context.bodyMigrations);
    if (!provisioned.created) throw new CartableError(ErrorCode.Conflict, 'Un organisme porte déjà cet identifiant.');
    const seated = await seatPerson(tx, context, provisioned.body, { ...input.admin, roles: ['SECRETARIAT', 'BODY_ADMIN'] });
    return { body: provisioned.body, ...seated };
  });
  const invitationSent = await inviteIfNew(context, outcome.body, outcome);
  return { ...outcome, invitationSent };
}

export const bodyLifecycleActions = ['SUSPEND', 'REACTIVATE', 'ARCHIVE'] as const;
export type BodyLifecycleAction = (typeof bodyLifecycleActions)[number];

const transitions: Record<BodyLifecycleAction, { from: readonly BodyStatus[]; to: BodyStatus; refused: string }> = {
  SUSPEND: { from: ['ACTIVE'], to: 'SUSPENDED', refused: 'Seul un organisme actif peut être suspendu.' },
  REACTIVATE: { from: ['SUSPENDED'], to: 'ACTIVE', refused: 'Seul un organisme suspendu peut être réactivé.' },
  ARCHIVE: { from: ['ACTIVE', 'SUSPENDED'], to: 'ARCHIVED', refused: 'Cet organisme est déjà archivé.' },
};

/**
 * Suspends (space closed to its members, data and billing kept), reactivates, or archives (read-only
 * for good, data kept, no more seats billed, out of cost sharing from the next month) a member body.
 * The holder of the contract in force cannot leave service: it pays for what nobody else does.
 */
export async function changeBodyStatus(context: GraphqlContext, bodyId: string, action: BodyLifecycleAction): Promise<Body> {
  const transition = transitions[action];
  const body = await context.platformEm.fork().transactional(async (tx) => {
    const { id } = await context.bodies.bodyById(bodyId);
    const target = await tx.findOneOrFail(Body, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!transition.from.includes(target.status)) throw new CartableError(ErrorCode.Conflict, transition.refused);
    if (action !== 'REACTIVATE') {
      const [{ now }] = await tx.execute<[{ now: string }]>('select current_date::text as now');
      if ((await tx.count(GroupementContract, { holderBody: target.id, endsOn: { $gte: now } })) > 0) {
        throw new CartableError(ErrorCode.Conflict, 'Le titulaire d’un marché en cours ne peut être ni suspendu ni archivé.');
      }
    }
    target.status = transition.to;
    if (action === 'ARCHIVE') target.archivedAt = new Date();
    await tx.flush();
    return target;
  });
  return body;
}
