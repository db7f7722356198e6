import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { operationCost, operationLimits, queryLimitsOf } from '../../src/graphql/limits.js';

const root = path.resolve(import.meta.dirname, '../../..');
const schema = buildSchema(readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8'));
const config = loadConfig({});

/** Every `graphql(`…`)` document of the web app (the client preset only takes static strings), by file. */
function webDocuments(): { file: string; document: DocumentNode }[] {
  const sources = readdirSync(path.join(root, 'web/src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.startsWith('graphql/generated'))
    .map((file) => ({ file, text: readFileSync(path.join(root, 'web/src', file), 'utf8') }));
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(/\bgraphql\(\s*`([^`]*)`\s*\)/g)].map((match) => ({
      file,
      document: parse(match[1]!, { maxTokens: config.GRAPHQL_MAX_TOKENS }),
    })),
  );
}

/** Each operation as the web sends it: with the fragments it spreads, transitively. */
function webOperations() {
  const documents = webDocuments();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of documents.flatMap(({ document }) => document.definitions)) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const spreads = (node: ASTNode, found = new Set<string>()): Set<string> => {
    visit(node, {
      FragmentSpread(spread) {
        if (found.has(spread.name.value)) return;
        found.add(spread.name.value);
        spreads(fragments.get(spread.name.value)!, found);
      },
    });
    return found;
  };
  return documents.flatMap(({ file, document }) =>
    document.definitions
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({
        file,
        name: operation.name?.value ?? '(anonymous)',
        document: {
          kind: Kind.DOCUMENT,
          definitions: [operation, ...[...spreads(operation)].map((name) => fragments.get(name)!)],
        } as DocumentNode,
      })),
  );
}

const scalarSamples: Record<string, unknown> = {
  ID: '00000000-0000-7000-8000-000000000000',
  UUID: '00000000-0000-7000-8000-000000000000',
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: true,
  DateTime: '2027-01-01T00:00:00Z',
  LocalDate: '2027-01-01',
  Month: '2027-01',
};

/** A value of an input type, its required fields only; lists empty. Only `limit`/`first` change a cost. */
function sample(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(
      Object.values(nullable.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sample(field.type)]),
    );
  }
  return scalarSamples[(nullable as GraphQLScalarType).name];
}

/** Variables for an operation: the required ones; no web operation passes `limit` or `first` as a variable. */
function sampleVariables(document: DocumentNode): Record<string, unknown> {
  const operation = document.definitions[0] as OperationDefinitionNode;
  return Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((definition) => definition.type.kind === Kind.NON_NULL_TYPE)
      .map((definition) => [definition.variable.name.value, sample(typeFromAST(schema, definition.type) as GraphQLInputType)]),
  );
}

describe('the cost model', () => {
  it('multiplies a list’s children by its limit, else by 20 (the example of docs/security/api-limits.md)', () => {
    const query = parse('{ myMeetings(limit: 200) { id title documents { id versions { id } } } }');
    expect(operationCost(schema, query)).toBe(1 + 200 * (1 + 1 + (1 + 20 * (1 + (1 + 20 * 1)))));
    expect(operationCost(schema, query)).toBe(88_601);
    expect(operationCost(schema, parse('query ($n: Int!) { myMeetings(limit: $n) { id } }'), { n: 3 })).toBe(1 + 3 * 1);
  });
});

describe('the web app’s operations under the GraphQL limits', () => {
  const operations = webOperations();

  it('finds the web app’s operations', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it('passes the depth, alias and directive limits', () => {
    const limits = operationLimits(queryLimitsOf(config));
    for (const { name, document } of operations) {
      expect(
        validate(schema, document, [...specifiedRules, ...limits.validationRules]).map((error) => error.message),
        name,
      ).toEqual([]);
    }
  });

  it('keeps every operation under the cost budget', () => {
    const costs = operations
      .map(({ file, name, document }) => ({ file, name, cost: operationCost(schema, document, sampleVariables(document)) }))
      .sort((a, b) => b.cost - a.cost);
    console.log(`budget ${config.GRAPHQL_MAX_COST}; ${costs.length} web operations, the heaviest:`, costs.slice(0, 5));
    for (const { name, cost } of costs) expect(cost, name).toBeLessThanOrEqual(config.GRAPHQL_MAX_COST);
  });
});
