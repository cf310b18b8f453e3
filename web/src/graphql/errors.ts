import type { CombinedError } from "@urql/core";
import { SESSION_ENDED_CLOSE } from "../chat/reconnect.ts";

/** The API's stable error codes (extensions.code). */
export type ApiErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED";

export function errorCode(error: CombinedError | undefined | null): ApiErrorCode | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.["code"];
  return typeof code === "string" ? (code as ApiErrorCode) : undefined;
}

/** The close code when a socket closing ended the operation (graphql-ws hands over the CloseEvent). */
export function closeCode(error: CombinedError | undefined | null): number | undefined {
  const network = error?.networkError as unknown;
  if (typeof network === "object" && network !== null && "code" in network) {
    const code = (network as { code: unknown }).code;
    if (typeof code === "number") return code;
  }
  return undefined;
}

/**
 * A sentence for the person using the app. The API's own messages for
 * expected errors are written for people ("Join the room first."); anything
 * else becomes a short explanation of what to do. Over HTTP and over the
 * socket alike: graphql-ws hands errors in a `next` payload or an `error`
 * message over as GraphQL errors, and a closed socket as a network error.
 */
export function describeError(error: CombinedError | undefined | null): string {
  if (!error) return "Something went wrong. Please try again.";
  const first = error.graphQLErrors[0];
  if (first) {
    if (errorCode(error)) return first.message;
    return "Something went wrong on the server. Please try again.";
  }
  if (closeCode(error) === SESSION_ENDED_CLOSE) return "Your session has ended.";
  return "Can't reach the server. Check your connection and try again.";
}
