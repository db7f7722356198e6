import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/env.js';
import type { Logger } from '../common/logger.js';
import type { GraphqlContext } from './context.js';
import { createErrorFormatter } from './format-error.js';
import { operationLimits, queryLimitsOf } from './limits.js';

/** Tells the context whether the operation is a query or a mutation, before any resolver runs. */
const recordOperationKind: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        contextValue.operation.type = operation?.operation ?? null;
      },
    };
  },
};

/**
 * Apollo Server with the production hardening of our reliability notes: query depth, alias, token,
 * directive and cost limits (HTTP 400 with a stable code, limits not echoed back; see limits.ts), no field suggestions, no batching, CSRF
 * prevention, introspection outside production only, errors masked by one formatter.
 */
export function createApolloServer(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  httpServer?: Server,
): ApolloServer<GraphqlContext> {
  const limits = operationLimits<GraphqlContext>(queryLimitsOf(config));
  return new ApolloServer<GraphqlContext>({
    schema,
    introspection: config.NODE_ENV !== 'production',
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns the shutdown order (drain HTTP, stop workers, stop the database).
    stopOnTerminationSignals: false,
    maxRecursiveSelections: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...limits.plugins,
      recordOperationKind,
      // No cache hints anywhere (answers are per person): the default plugin would only hook every field.
      ApolloServerPluginCacheControlDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
    formatError: createErrorFormatter(logger),
  });
}
