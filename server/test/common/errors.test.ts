import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInputError, DomainError, ErrorCode, NotFoundError } from '../../src/common/errors.js';
import { createLogger } from '../../src/common/logger.js';
import { toGraphQLError } from '../../src/graphql/domain-errors.js';
import { createErrorFormatter } from '../../src/graphql/format-error.js';

const format = createErrorFormatter(createLogger('silent'));

describe('domain errors', () => {
  it('are plain errors that know no transport', () => {
    const error = new BadUserInputError('Date invalide.', { field: 'scheduledAt' });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.extensions).toEqual({ field: 'scheduledAt', code: 'BAD_USER_INPUT' });
  });

  it('reach a GraphQL client with their message and extensions only, as graphql-js wraps them in a resolver', () => {
    const thrown = new BadUserInputError('Date invalide.', { field: 'scheduledAt' });
    const located = new GraphQLError(thrown.message, { path: ['meeting'], originalError: thrown });
    const answer = format(located.toJSON(), located);
    expect(JSON.stringify(answer)).toBe(
      '{"message":"Date invalide.","path":["meeting"],"extensions":{"field":"scheduledAt","code":"BAD_USER_INPUT"}}',
    );
  });

  it('become GraphQL errors with an HTTP status where Apollo needs one, and the status is not sent', () => {
    const error = toGraphQLError(new NotFoundError(), { status: 404 });
    expect(error.extensions.http).toEqual({ status: 404 });
    expect(format(error.toJSON(), error)).toEqual({ message: 'Ressource introuvable.', extensions: { code: 'NOT_FOUND' } });
  });
});
