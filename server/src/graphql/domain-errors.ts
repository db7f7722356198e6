import { GraphQLError } from 'graphql';
import type { DomainError } from '../common/errors.js';

/** The status line and headers Apollo gives the HTTP answer of an error raised outside the resolvers. */
export interface ErrorHttp {
  status: number;
  headers?: Map<string, string>;
}

/**
 * A domain error as the GraphQL error Apollo needs where no resolver runs (the context, a plugin, a
 * validation rule), with the HTTP status of the answer. `formatError` then answers with the domain
 * error's message and extensions, as for a resolver's (`http` is Apollo's, never sent).
 */
export function toGraphQLError(error: DomainError, http: ErrorHttp): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions, http } });
}
