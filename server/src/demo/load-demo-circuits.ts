import type { EntityManager } from '@mikro-orm/postgresql';
import { Circuit } from '../acts/circuits/circuit.entity.js';
import { createProjet, decideOnProjet, saveCircuit, submitProjet } from '../acts/circuits/circuit.service.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import type { BodyEnvironment } from '../tenancy/body-context.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import { onBehalfOf, systemContext } from '../tenancy/system-scope.js';

/**
 * The demo's validation circuit: the Ville's three-step circuit (service instructeur by the secretariat,
 * direction générale by Paul Bernard, the maire's visa by Claire Martin) and one projet de délibération
 * in it, visaed by the service and the direction générale and waiting for the maire — so « Projets » in the
 * console and « À viser » in Claire Martin's app have content right after `npm start`. The body's settings are left as
 * they are: no kind of item is subjected to a circuit, the demo's meetings convene as before. Idempotent:
 * nothing happens once the Ville has a circuit.
 */
export async function loadDemoCircuits(em: EntityManager, environment: BodyEnvironment): Promise<{ circuits: number; projets: number }> {
  const body = await em.fork().findOne(Body, { slug: 'ville-besancon' });
  if (!body) return { circuits: 0, projets: 0 };
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  if ((await bodyEm.count(Circuit, {})) > 0) return { circuits: 0, projets: 0 };
  const people = new Map(
    (await em.fork().find(Person, { displayName: { $in: ['Paul Bernard', 'Claire Martin'] } })).map((person) => [
      person.displayName,
      person,
    ]),
  );
  const secretariat = await em
    .fork()
    .findOne(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT'] } }, { populate: ['person'] });
  const director = people.get('Paul Bernard');
  const maire = people.get('Claire Martin');
  if (!secretariat || !director || !maire) return { circuits: 0, projets: 0 };

  const system = systemContext(environment, { body, em: bodyEm.fork(), platformEm: em.fork() }, 'demo');
  const desk = onBehalfOf(system, secretariat.person.id, secretariat.roles);
  const circuit = await saveCircuit(desk, null, {
    name: 'Délibérations du conseil municipal',
    steps: [
      { label: 'Service instructeur', validatorRole: 'SECRETARIAT' },
      { label: 'Direction générale', validatorPersonId: director.id },
      { label: 'Maire', validatorPersonId: maire.id },
    ],
  });
  const projet = await createProjet(desk, {
    title: 'Convention de mise à disposition du gymnase Résal',
    kind: 'DELIBERATION',
    rapporteur: 'Claire Martin',
    rapport:
      'Le club de basket de Besançon demande l’usage du gymnase Résal le samedi.\nLa convention proposée fixe les créneaux et une redevance de 15 € de l’heure.',
    projetText:
      'Article 1 : la convention de mise à disposition du gymnase Résal est approuvée.\nArticle 2 : la maire est autorisée à la signer.',
    circuitId: circuit.id,
  });
  await submitProjet(desk, projet.id);
  await decideOnProjet(desk, projet.id, { decision: 'APPROVE', version: 1, step: 0, comment: 'Vu pour le service des sports.' });
  await decideOnProjet(onBehalfOf(system, director.id, []), projet.id, {
    decision: 'APPROVE',
    version: 1,
    step: 1,
    comment: 'Bon pour moi.',
  });
  return { circuits: 1, projets: 1 };
}
