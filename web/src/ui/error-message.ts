import { CombinedGraphQLErrors } from '@apollo/client';

/** The first GraphQL error of an API failure (its message is French, written for users), or the failure itself. */
export function firstGraphqlError(error: unknown): { message: string; code: string | undefined } {
  const graphqlError = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  if (graphqlError) return { message: graphqlError.message, code: graphqlError.extensions?.code as string | undefined };
  return { message: error instanceof Error ? error.message : String(error), code: undefined };
}
