import type { CombinedError } from "@urql/core";

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
 * else becomes a short explanation of what to do.
 */
export function describeError(error: CombinedError | undefined | null): string {
  if (!error) return "Something went wrong. Please try again.";
  const first = error.graphQLErrors[0];
  if (first) {
    if (errorCode(error)) return first.message;
    return "Something went wrong on the server. Please try again.";
  }
  return "Can't reach the server. Check your connection and try again.";
}
