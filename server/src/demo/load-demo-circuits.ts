import type { EntityManager } from '@mikro-orm/postgresql';
import { Circuit } from '../acts/circuits/circuit.entity.js';
import { createProjet, decideOnProjet, saveCircuit, submitProjet, type CircuitActor } from '../acts/circuits/circuit.service.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';

/**
 * The demo's validation circuit: the Ville's three-step circuit (service instructeur by the secretariat,
 * direction générale by Paul Bernard, the maire's visa by Claire Martin) and one projet de délibération
 * in it, visaed by the service and the direction générale and waiting for the maire — so « Projets » in the
 * console and « À viser » in Claire Martin's app have content right after `npm start`. The body's settings are left as
 * they are: no kind of item is subjected to a circuit, the demo's meetings convene as before. Idempotent:
 * nothing happens once the Ville has a circuit.
 */
export async function loadDemoCircuits(em: EntityManager): Promise<{ circuits: number; projets: number }> {
  const body = await em.fork().findOne(Body, { slug: 'ville-besancon' });
  if (!body) return { circuits: 0, projets: 0 };
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  if ((await bodyEm.count(Circuit, {})) > 0) return { circuits: 0, projets: 0 };
  const people = new Map((await em.fork().find(Person, { displayName: { $in: ['Paul Bernard', 'Claire Martin'] } })).map((person) => [person.displayName, person]));
  const desk = await em.fork().findOne(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT'] } }, { populate: ['person'] });
  const director = people.get('Paul Bernard');
  const maire = people.get('Claire Martin');
  if (!desk || !director || !maire) return { circuits: 0, projets: 0 };

  const circuit = await saveCircuit(bodyEm.fork(), em.fork(), body.id, null, {
    name: 'Délibérations du conseil municipal',
    steps: [
      { label: 'Service instructeur', validatorRole: 'SECRETARIAT' },
      { label: 'Direction générale', validatorPersonId: director.id },
      { label: 'Maire', validatorPersonId: maire.id },
    ],
  });
  const author: CircuitActor = { personId: desk.person.id, name: desk.person.displayName, roles: desk.roles };
  const projet = await createProjet(bodyEm.fork(), author.personId, {
    title: 'Convention de mise à disposition du gymnase Résal',
    kind: 'DELIBERATION',
    rapporteur: 'Claire Martin',
    rapport: 'Le club de basket de Besançon demande l’usage du gymnase Résal le samedi.\nLa convention proposée fixe les créneaux et une redevance de 15 € de l’heure.',
    projetText: 'Article 1 : la convention de mise à disposition du gymnase Résal est approuvée.\nArticle 2 : la maire est autorisée à la signer.',
    circuitId: circuit.id,
  });
  await submitProjet(bodyEm.fork(), body.id, author, projet.id);
  await decideOnProjet(bodyEm.fork(), body.id, author, projet.id, { decision: 'APPROVE', version: 1, step: 0, comment: 'Vu pour le service des sports.' });
  const directorActor: CircuitActor = { personId: director.id, name: director.displayName, roles: [] };
  await decideOnProjet(bodyEm.fork(), body.id, directorActor, projet.id, { decision: 'APPROVE', version: 1, step: 1, comment: 'Bon pour moi.' });
  return { circuits: 1, projets: 1 };
}
