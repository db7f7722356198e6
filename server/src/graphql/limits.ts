import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getNullableType, isListType, type DocumentNode, type GraphQLSchema, type ValidationContext } from 'graphql';
// The CommonJS build: the ESM one imports `graphql/index.mjs`, a second graphql-js beside the CommonJS one our
// schema is built with, and then computes a cost of 0 in production (and throws in development).
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Config } from '../config/env.js';
import { toGraphQLError } from './domain-errors.js';

/** A GraphQL limit exceeded: HTTP 400, a stable code, a French message; the limit itself is not echoed. */
function queryLimitError(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return toGraphQLError(new DomainError(code, message, details), { status: 400 });
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** The limits of the configuration (GRAPHQL_MAX_*); directives are not configurable (the web app uses none). */
export function queryLimitsOf(config: Config): QueryLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxDirectives: 10,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxCost: config.GRAPHQL_MAX_COST,
  };
}

/**
 * What a list field without a `limit` (or `first`) argument is assumed to hold when its cost is computed:
 * a meeting's documents, a document's versions, a body's members…
 */
export const defaultListSize = 20;

/**
 * Every field costs 1; a field returning a list multiplies its children's cost by its `limit` or `first`
 * argument (as given, or its default), else by `defaultListSize`. Introspection is free (it is off in
 * production, and dev tools must keep working).
 */
export const listCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (!isListType(getNullableType(field.type))) return 1 + childComplexity;
  const requested: unknown = args.limit ?? args.first;
  const size = typeof requested === 'number' ? Math.max(requested, 1) : defaultListSize;
  return 1 + size * childComplexity;
};

/** The cost of an operation of `document`, with its variables; throws a GraphQLError when they do not coerce. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [listCostEstimator] });
}

/** Costs kept per document and per the numbers among its variables: a document has at most this many. */
const costsPerDocument = 64;

/**
 * The cost of an operation, computed once per document (Apollo hands out the same parsed document for the
 * same text) and per its variables that are numbers: only a number given as `limit` or `first` changes a
 * cost (`listCostEstimator`); a date or an id does not. Variables that do not coerce make `operationCost`
 * throw, as without the cache (the key of numbers alone may hit first: execution then refuses them).
 */
function costCache(): (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
) => number {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (schema, document, variables = {}, operationName) => {
    const numbers = Object.entries(variables).filter(([, value]) => typeof value === 'number');
    const key = JSON.stringify([operationName ?? null, numbers]);
    const known = costs.get(document);
    const cached = known?.get(key);
    if (cached !== undefined) return cached;
    const cost = operationCost(schema, document, variables, operationName);
    const forDocument = known ?? new Map<string, number>();
    if (forDocument.size < costsPerDocument) forDocument.set(key, cost);
    costs.set(document, forDocument);
    return cost;
  };
}

/** Refuses an operation over `maxCost`, once it is resolved and before any resolver runs. */
function costLimitPlugin<Context extends object>(maxCost: number): ApolloServerPlugin<Context> {
  const costOf = costCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          let cost: number;
          try {
            cost = costOf(schema, document, request.variables, operationName ?? undefined);
          } catch (error) {
            // Variables that do not coerce: execution refuses them with its own BAD_USER_INPUT, before any
            // resolver. Anything else fails closed (an internal error). By name: any copy of graphql-js.
            if (error instanceof Error && error.name === 'GraphQLError') return;
            throw error;
          }
          if (cost > maxCost) {
            throw queryLimitError(
              ErrorCode.QueryTooComplex,
              'Requête trop coûteuse : demandez moins de champs ou de résultats à la fois.',
              {
                cost,
              },
            );
          }
        },
      };
    },
  };
}

/** graphql-armor's rule reports our error instead of its own (code, status and message of the contract). */
function refuseWith(code: ErrorCode, message: string) {
  return {
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(queryLimitError(code, message))],
  };
}

/** Graphql-js's own parse error when `maxTokens` is exceeded (Apollo's `parseOptions`); graphql 16 writes « more that ». */
export function isTokenLimitError(message: string): boolean {
  return /Document contains more tha[nt] \d+ tokens/.test(message);
}

export const tokenLimitMessage = 'Requête trop longue : découpez-la en plusieurs requêtes.';

/**
 * The limits of every operation: depth, aliases and directives as validation rules (graphql-armor), tokens
 * at parsing (graphql-js), and the cost with list multipliers once the operation and its variables are known.
 * Every rejection is HTTP 400 with a stable code.
 */
export function operationLimits<Context extends object>(limits: QueryLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...refuseWith(ErrorCode.QueryTooDeep, 'Requête trop imbriquée.') },
    maxAliases: { n: limits.maxAliases, ...refuseWith(ErrorCode.TooManyAliases, 'Trop d’alias dans la requête.') },
    maxDirectives: { n: limits.maxDirectives, ...refuseWith(ErrorCode.TooManyDirectives, 'Trop de directives dans la requête.') },
    // Tokens are counted by graphql-js's parser (below): armor's plugin answers HTTP 500.
    maxTokens: { enabled: false },
    // Armor's cost has no list multipliers: ours above.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    // graphql-armor's typings point at Apollo's CommonJS build; the plugin objects are the same at runtime.
    plugins: [...(protection.plugins as ApolloServerPlugin<Context>[]), costLimitPlugin<Context>(limits.maxCost)],
  };
}
