import type { BodyContext, BodyServices } from '../../tenancy/body-context.js';

/**
 * What convocation code reads of a `BodyContext`: the body, its EntityManager and the platform's, the
 * clock and the convocation settings. A request's or a job's context is one; the demo passes its own.
 */
export type ConvocationContext = Pick<BodyContext, 'body' | 'em' | 'platformEm' | 'now'> & { services: Pick<BodyServices, 'convocations'> };

/**
 * A `ConvocationContext` with the person acting: who sends, records, sets; their name when their
 * request's Viewer holds it (`PersonActor.displayName`), read from the platform otherwise.
 */
export type ActingContext = ConvocationContext & { actor: { personId: string; displayName?: string | null } };
