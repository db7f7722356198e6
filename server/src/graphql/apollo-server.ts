import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/env.js';
import type { Logger } from '../common/logger.js';
import type { GraphqlContext } from './context.js';
import { createErrorFormatter } from './format-error.js';

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
 * directive and cost limits (limits not echoed back), no field suggestions, no batching, CSRF
 * prevention, introspection outside production only, errors masked by one formatter.
 */
export function createApolloServer(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  httpServer?: Server,
): ApolloServer<GraphqlContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, exposeLimits: false },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, exposeLimits: false },
    maxTokens: { n: config.GRAPHQL_MAX_TOKENS, exposeLimits: false },
    maxDirectives: { n: 10, exposeLimits: false },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, exposeLimits: false },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
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
    validationRules: protection.validationRules,
    // graphql-armor's typings point at Apollo's CommonJS build; the plugin objects are the same at runtime.
    plugins: [
      ...(protection.plugins as ApolloServerPlugin<GraphqlContext>[]),
      recordOperationKind,
      // No cache hints anywhere (answers are per person): the default plugin would only hook every field.
      ApolloServerPluginCacheControlDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
    formatError: createErrorFormatter(logger),
  });
}
