/** Stable error codes of the public contract; clients switch on these, never on messages. */
export const ErrorCode = {
  NotFound: 'NOT_FOUND',
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  /** A legal or business precondition of the action is not met; `reason` says which. */
  PreconditionFailed: 'PRECONDITION_FAILED',
  /** An answer breaks a rule of the law (proxies); `rule` says which. */
  RuleViolation: 'RULE_VIOLATION',
  BodySchemaBehind: 'BODY_SCHEMA_BEHIND',
  /** The body is suspended by the coordinator: its space is closed until it is reactivated. */
  BodyUnavailable: 'BODY_UNAVAILABLE',
  /** The body is archived: its data can be read, not changed. */
  BodyReadOnly: 'BODY_READ_ONLY',
  /** The operation exceeds one of the GraphQL limits (HTTP 400): cost, depth, aliases, directives, tokens. */
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  TooManyAliases: 'TOO_MANY_ALIASES',
  TooManyDirectives: 'TOO_MANY_DIRECTIVES',
  QueryTooLarge: 'QUERY_TOO_LARGE',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A domain error: a stable `code` and a message written for the user, in French, with details for the
 * client (`extensions`). Plain: it knows no transport. The edge maps it — to a GraphQL error by Apollo's
 * `formatError` (graphql/format-error.ts) or `toGraphQLError` (graphql/domain-errors.ts) where Apollo needs
 * one, to JSON by the HTTP routers. Anything thrown that is not a DomainError is reported to the client as
 * an internal error with a reference, and logged.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** What the client receives besides the message: the details, and the code. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.extensions = { ...details, code };
  }
}

/** The name the code has thrown so far: the same class. */
export const CartableError = DomainError;
export type CartableError = DomainError;

export class NotFoundError extends CartableError {
  constructor(message = 'Ressource introuvable.') {
    super(ErrorCode.NotFound, message);
  }
}

export class BadUserInputError extends CartableError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class UnauthenticatedError extends CartableError {
  constructor(message = 'Authentification requise.') {
    super(ErrorCode.Unauthenticated, message);
  }
}

export class ForbiddenError extends CartableError {
  constructor(message = 'Vous n’avez pas les droits nécessaires pour cette action.') {
    super(ErrorCode.Forbidden, message);
  }
}
