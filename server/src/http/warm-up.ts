import type { ApolloServer } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger.js';
import { Viewer } from '../auth/viewer.js';
import { viewerOfPerson, type ViewerResolver } from '../auth/viewer-resolver.js';
import type { RequestIdentity } from '../app.js';
import type { GraphqlContext } from '../graphql/context.js';

/**
 * The official's inbox and identity, the hot path of every session: what the warm-up runs once. Reads
 * only (no receipt is recorded by reading a status).
 */
const warmUpOperation = `query WarmUp($from: DateTime) {
  me { id displayName }
  myMeetings(from: $from) {
    id title startsAt status place
    body { id slug name timeZone }
    assembly { id name }
    myConvocation { firstOpenedAt acknowledgedAt answersOpen answer { id response recordedAt } }
  }
}`;

export interface WarmUpDependencies {
  apollo: ApolloServer<GraphqlContext>;
  platformEm: () => EntityManager;
  buildContext: (request: RequestIdentity) => GraphqlContext;
  resolveViewer: ViewerResolver;
  logger: Logger;
}

/**
 * One internal request before the server says ready, so that the first real one does not pay for what is
 * built lazily: the pool's first connections, the ORM's metadata and query builders of the hot path, the
 * token verification (the realm's key, the signature code: a refused probe token), the viewer's statements,
 * graphql-js validation and execution, V8's first compilations. It runs as a member
 * of some bodies (the official with the most seats), through Apollo with the same context as an HTTP request, and
 * its answer is discarded; on an empty database it runs anonymously. Returns its duration (ms); throws when
 * the operation answered errors (`main.ts` logs it and starts anyway).
 */
export async function warmUp(deps: WarmUpDependencies): Promise<number> {
  const started = performance.now();
  const platformEm = deps.platformEm();
  await deps.resolveViewer.warmUp(platformEm);
  const [member] = await platformEm.execute<{ id: string }[]>(
    `select person.id from person join membership on membership.person_id = person.id
      where 'OFFICIAL' = any(membership.roles)
      group by person.id order by count(*) desc, person.id limit 1`,
  );
  const viewer = (member && (await viewerOfPerson(platformEm, member.id))) ?? Viewer.anonymous;
  const response = await deps.apollo.executeOperation(
    {
      query: viewer.isAuthenticated ? warmUpOperation : '{ __typename }',
      variables: { from: new Date(Date.now() - 365 * 86_400_000).toISOString() },
    },
    { contextValue: deps.buildContext({ requestId: 'warm-up', logger: deps.logger, viewer, platformEm }) },
  );
  const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
  if (errors?.length) throw new Error(`warm-up request answered with errors: ${errors.map((error) => error.message).join('; ')}`);
  return performance.now() - started;
}
