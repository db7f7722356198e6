import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { isTokenLimitError, tokenLimitMessage } from './limits.js';

/** Apollo's own request errors, kept with their code and a French message; the detail stays in English. */
const requestErrorMessages: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'Requête GraphQL mal formée.',
  GRAPHQL_VALIDATION_FAILED: 'Requête GraphQL invalide.',
  BAD_USER_INPUT: 'Données invalides.',
  BAD_REQUEST: 'Requête invalide.',
  OPERATION_RESOLUTION_FAILURE: 'Opération introuvable dans la requête.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Requêtes persistées non prises en charge.',
};

/** Apollo wraps the errors it did not make (resolvers', the context's, validation rules'); the domain error is down the chain. */
function findDomainError(error: unknown): DomainError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * One place decides what a client may learn from an error, and maps the domain errors to GraphQL: domain
 * errors and request errors keep their code and message; everything else becomes INTERNAL_SERVER_ERROR with a reference found in the logs.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const domainError = findDomainError(original);
    if (domainError) {
      return { message: domainError.message, path: formatted.path, extensions: { ...domainError.extensions } };
    }
    if (original instanceof ArgumentValidationError) {
      return {
        message: 'Données invalides.',
        path: formatted.path,
        extensions: {
          code: ErrorCode.BadUserInput,
          fields: original.extensions.validationErrors.map((failure) => ({
            field: failure.property,
            constraints: failure.constraints,
          })),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED' && isTokenLimitError(formatted.message)) {
      return { message: tokenLimitMessage, extensions: { code: ErrorCode.QueryTooLarge } };
    }
    if (typeof code === 'string' && code in requestErrorMessages) {
      return {
        message: requestErrorMessages[code]!,
        locations: formatted.locations,
        extensions: { code, detail: formatted.message },
      };
    }
    const reference = crypto.randomUUID();
    logger.error({ err: original, reference, path: formatted.path }, 'unexpected GraphQL error');
    return {
      message: `Erreur interne. Référence : ${reference}`,
      path: formatted.path,
      extensions: { code: ErrorCode.Internal, reference },
    };
  };
}
