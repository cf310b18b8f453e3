import { GraphQLError } from "graphql";

/** Stable error codes: part of the API contract, listed in the README. */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  /** The request itself is not one this API serves (a subscription over HTTP). */
  BAD_REQUEST: "BAD_REQUEST",
  /** The document does not parse, or is over the token limit. */
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  /** The document does not validate, or is over the depth, alias or cost limit. */
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  /** Postgres cannot be reached for now: nothing was done, and trying again shortly is right. */
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure: its message and code reach the client unmasked. */
export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const unauthenticated = () => apiError(ErrorCode.UNAUTHENTICATED, "You must be signed in.");
export const forbidden = (message = "You are not allowed to do that.") => apiError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => apiError(ErrorCode.NOT_FOUND, `${what} not found.`);
export const badInput = (field: string, message: string) => apiError(ErrorCode.BAD_USER_INPUT, message, { field });

/** What a caller is told while Postgres is away (see isUnreachable): nothing was stored, try again. */
export const storageUnavailable = () =>
  apiError(ErrorCode.SERVICE_UNAVAILABLE, "The service cannot reach its database right now: try again shortly.", {
    retryAfterMs: 1_000,
  });
