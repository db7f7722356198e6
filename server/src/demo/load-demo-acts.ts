import type { BodyEnvironment } from '../tenancy/body-context.js';
import { systemContext } from '../tenancy/system-scope.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgendaItem } from '../body/agenda/agenda-item.entity.js';
import { Assembly } from '../body/assemblies/assembly.entity.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { uuidv7 } from '../common/ids.js';
import { Deliberation } from '../acts/deliberation.entity.js';
import {
  createDeliberation,
  finaliseDeliberation,
  publishDeliberation,
  recordActesAcknowledgment,
  recordDeliberationVote,
  signatoriesOf,
  signDeliberation,
} from '../acts/deliberation.service.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';

/** A SIRET of the right shape for the demo commune (not checked against the SIRENE register). */
const demoSiret = '21250056500011';

const demoActs = [
  {
    title: 'Décision modificative n° 2 du budget principal 2026',
    matiereCode: '7.1',
    considerants: 'Considérant la nécessité d’ajuster les crédits ouverts au budget primitif 2026 ;',
    dispositif:
      'Article 1 : la décision modificative n° 2 du budget principal 2026 est adoptée telle qu’annexée.\nArticle 2 : Mme la Maire est chargée de l’exécution de la présente délibération.',
    vote: { effectif: 55, votants: 53, pour: 41, contre: 9, abstention: 3 },
  },
  {
    title: 'Subvention de fonctionnement à l’association Les Restos du Cœur du Doubs',
    matiereCode: '7.5',
    considerants: 'Considérant l’action de l’association en faveur des personnes les plus démunies ;',
    dispositif:
      'Article 1 : une subvention de 12 000 € est attribuée à l’association.\nArticle 2 : la dépense est imputée au budget principal 2026.',
    vote: { effectif: 55, votants: 53, pour: 53, contre: 0, abstention: 0 },
  },
  {
    title: 'Dénomination de la place Simone-Veil',
    matiereCode: '8.3',
    considerants: 'Considérant la proposition de la commission de dénomination des voies ;',
    dispositif:
      'Article unique : la place située à l’angle de la rue Mégevand et de la rue de la Préfecture est dénommée « place Simone-Veil ».',
    vote: { effectif: 55, votants: 52, pour: 50, contre: 0, abstention: 2 },
  },
];

/**
 * The demo's acts: a past séance of the Ville's conseil municipal whose délibérations are numbered,
 * signed by the maire (président) and a secrétaire de séance with the demonstration CA, and published —
 * so that `/public/ville-besancon/actes` and its CSV have content right after `npm start`. Idempotent:
 * nothing happens once the Ville has an act.
 */
export async function loadDemoActs(em: EntityManager, environment: BodyEnvironment, now = new Date()): Promise<{ acts: number }> {
  const body = await em.fork().findOne(Body, { slug: 'ville-besancon' });
  if (!body) return { acts: 0 };
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  // The demo acts as the system: it numbers, signs (with each signatory's demonstration credentials) and publishes.
  const system = systemContext(environment, { body, em: bodyEm, platformEm: em.fork() }, 'demo');
  if ((await bodyEm.count(Deliberation, {})) > 0) return { acts: 0 };
  await em.fork().execute('update platform.body set siret = ? where id = ? and siret is null', [demoSiret, body.id]);
  const people = new Map((await em.fork().find(Person, {})).map((person) => [person.displayName, person]));
  const secretary = people.get('Paul Bernard');
  // The maire, named: the séance predates the seats of the current mandate that the demo declares.
  const maire = people.get('Anne Vignot');
  if (!secretary || !maire) return { acts: 0 };

  const assembly = await bodyEm.findOneOrFail(Assembly, { kind: 'CONSEIL_MUNICIPAL' });
  // Thirteen months back: older than the officials' inbox (twelve months), so the demo's inbox and agenda stay as they were.
  const startsAt = new Date(now.getTime() - 396 * 24 * 3600_000);
  startsAt.setUTCHours(17, 0, 0, 0);
  const meeting = bodyEm.create(Meeting, {
    id: uuidv7(),
    assembly,
    title: 'Conseil municipal',
    startsAt,
    place: 'Hôtel de Ville, salle du Conseil, 2 rue Mégevand, 25000 Besançon',
    status: 'CLOSED',
  });
  const items = demoActs.map((act, index) =>
    bodyEm.create(AgendaItem, {
      id: uuidv7(),
      meeting,
      parentId: null,
      position: index + 1,
      title: act.title,
      kind: 'DELIBERATION',
      rapporteur: 'M. l’Adjoint délégué aux finances',
      icpe: false,
      closedSession: false,
    }),
  );
  await bodyEm.flush();

  for (const [index, entry] of demoActs.entries()) {
    const draft = await createDeliberation(system.withEm(bodyEm.fork()), {
      meetingId: meeting.id,
      agendaItemId: items[index]!.id,
      matiereCode: entry.matiereCode,
      considerants: entry.considerants,
      dispositif: entry.dispositif,
      presidentId: maire.id,
      secretaryIds: [secretary.id],
    });
    await recordDeliberationVote(system.withEm(bodyEm.fork()), draft.id, entry.vote);
    const act = await finaliseDeliberation(system.withEm(bodyEm.fork()), draft.id);
    for (const signatory of signatoriesOf(act)) {
      const person = [...people.values()].find((candidate) => candidate.id === signatory.personId)!;
      await signDeliberation(system.withEm(bodyEm.fork()), { personId: person.id, displayName: person.displayName }, act.id, act.version);
    }
    const president = [...people.values()].find((candidate) => candidate.id === act.presidentId)!;
    await publishDeliberation(system.withEm(bodyEm.fork()), act.id, { name: president.displayName, quality: 'Maire de Besançon' });
    // As an operator's connector would return it (the format of an ACTES identifier, not a real one).
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    await recordActesAcknowledgment(system.withEm(bodyEm.fork()), act.id, {
      prefectureId: 'PREF025',
      identifier: `025-212500565-${day}-${act.numberLabel}-DE`,
      receivedAt: new Date(),
    });
  }
  return { acts: demoActs.length };
}
