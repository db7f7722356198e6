import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { roleRules } from '../../legal/assembly-rules.js';
import { todayIn } from '../../legal/clock.js';
import type { ReglementInterieurSetting as Setting } from '../../legal/reglement-interieur.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { ReglementInterieurSetting } from './reglement-interieur.entity.js';

/** The body's règlement intérieur settings, oldest first, as the legal functions read them. */
export async function reglementInterieur(em: EntityManager): Promise<Setting[]> {
  const rows = await em.find(ReglementInterieurSetting, {}, { orderBy: { validFrom: 'asc' } });
  return rows.map((row) => ({
    validFrom: row.validFrom,
    reference: row.reference,
    proxyMaxConsecutiveSeances: row.proxyMaxConsecutiveSeances ?? null,
    commissionQuorum: row.commissionQuorum,
  }));
}

export interface SettingInput {
  validFrom: string;
  reference: string;
  proxyMaxConsecutiveSeances: number | null;
  commissionQuorum: boolean;
}

/**
 * Records a new setting of the règlement intérieur, from `validFrom` on: never in the past (séances
 * already held keep the setting of their day), one per date, a pouvoir limit of 1 to 3 séances — none
 * where a délégation is for one réunion (départements, régions).
 */
export async function addReglementInterieurSetting(ctx: PersonContext, input: SettingInput): Promise<ReglementInterieurSetting> {
  const { body, em, clock } = ctx;
  const recordedBy = ctx.actor.personId;
  const reference = input.reference.trim();
  if (!reference)
    throw new BadUserInputError('Indiquez l’article du règlement intérieur (par exemple « Règlement intérieur, art. 14 »).', {
      field: 'reference',
    });
  const limit = input.proxyMaxConsecutiveSeances;
  const today = todayIn(clock, body.timeZone);
  const proxy = roleRules(body.kind, 'COUNCIL', today).proxy;
  if (limit !== null && proxy.maxConsecutiveSeances === null) {
    throw new BadUserInputError(
      `Une délégation de vote vaut pour une réunion (${proxy.article}) : il n’y a pas de séances consécutives à limiter.`,
      { field: 'proxyMaxConsecutiveSeances', reason: 'POUVOIR_PER_REUNION' },
    );
  }
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > (proxy.maxConsecutiveSeances ?? 0))) {
    throw new BadUserInputError(
      `Le règlement intérieur peut limiter un pouvoir à 1, 2 ou 3 séances consécutives, pas davantage que la loi (${proxy.article}).`,
      { field: 'proxyMaxConsecutiveSeances' },
    );
  }
  if (input.validFrom < today)
    throw new BadUserInputError(`Une règle du règlement intérieur s’applique à partir d’aujourd’hui (${today}) ou d’une date future.`, {
      field: 'validFrom',
    });
  if ((await em.count(ReglementInterieurSetting, { validFrom: input.validFrom })) > 0) {
    throw new CartableError(ErrorCode.Conflict, 'Une règle s’applique déjà à partir de cette date : choisissez une autre date.', {
      field: 'validFrom',
    });
  }
  const setting = em.create(ReglementInterieurSetting, {
    id: uuidv7(),
    validFrom: input.validFrom,
    reference,
    proxyMaxConsecutiveSeances: limit,
    commissionQuorum: input.commissionQuorum,
    recordedBy,
    recordedAt: clock.now(),
  });
  await em.flush();
  return setting;
}
