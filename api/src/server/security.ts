import type { Plugin } from "@envelop/core";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { type ExecutionResult, GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from "graphql";
import type { Env } from "../env.ts";
import { ErrorCode } from "../errors.ts";

/**
 * Operation limits and production hardening as envelop plugins. They act in
 * parse and validate, which run for HTTP and for graphql-ws alike (plugins that
 * act on the HTTP request, like Yoga's own introspection switch, would miss the socket).
 */
export function securityPlugins(env: Env): Plugin[] {
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      // Depth counts fields, the data's nesting: a fragment spread adds none (Armor's default counts one).
      maxDepth: {
        n: env.MAX_DEPTH,
        flattenFragments: true,
        ignoreIntrospection: !env.isProduction,
        ...reportedAsInvalid,
      },
      // Every alias counts: Armor's default allowList exempts `__typename`, so 300 aliases of it passed.
      maxAliases: { n: env.MAX_ALIASES, allowList: [], ...reportedAsInvalid },
      maxTokens: { n: env.MAX_TOKENS },
      costLimit: { maxCost: env.MAX_COST, ignoreIntrospection: !env.isProduction, ...reportedAsInvalid },
      maxDirectives: { n: 10, ...reportedAsInvalid },
      // Armor's own mask misses graphql-js's other wordings ("Did you mean the enum value ...?"); see below.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    subscriptionsOverSocketOnly(),
    codedRequestErrors(),
  ];
  if (env.isProduction) plugins.push(disableIntrospection(), hideSuggestions());
  return plugins;
}

/**
 * Armor throws its validation-time refusals out of validation by default; reported
 * instead, they are validation errors like any other (and get their code below).
 */
const reportedAsInvalid = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/**
 * Subscriptions run over graphql-ws only, where the socket's limits, its
 * authentication and its closing on logout apply; an HTTP (SSE) stream would
 * escape all three. The socket layer subscribes without envelop, so this hook
 * sees HTTP requests alone.
 */
function subscriptionsOverSocketOnly(): Plugin {
  return {
    onSubscribe({ setResultAndStopExecution }) {
      setResultAndStopExecution({
        errors: [
          new GraphQLError("Subscriptions run over WebSocket (graphql-ws protocol) at /graphql.", {
            extensions: { code: ErrorCode.BAD_REQUEST },
          }),
        ],
      });
    },
  };
}

/**
 * Every error about the request itself carries a stable code, as resolvers'
 * errors do (the codes graphql-js leaves out, as Apollo Server names them): a
 * document that does not parse (or is over the token limit) is
 * GRAPHQL_PARSE_FAILED; one that does not validate (or is over the depth,
 * alias or cost limit) is GRAPHQL_VALIDATION_FAILED; variables that do not fit
 * their types are BAD_USER_INPUT.
 */
function codedRequestErrors(): Plugin {
  return {
    onParse:
      () =>
      ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError) replaceParseResult(withCode(result, ErrorCode.GRAPHQL_PARSE_FAILED));
      },
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length === 0) return;
        // GraphQL Armor words its depth, alias and cost refusals as syntax errors; they are not.
        const coded = (error: GraphQLError) =>
          withCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED, error.message.replace(/^Syntax Error: /, ""));
        setResult(result.map((error: Error) => (error instanceof GraphQLError ? coded(error) : error)));
      },
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        const single = result as ExecutionResult;
        if (single.errors) setResult(withCodedVariableErrors(single));
      },
    }),
  };
}

/**
 * A result with no data failed before execution began, and its errors with no
 * path are about the variables (or the operation name), not a resolver's (a
 * subscription's own resolver fails with no data too, but at its path).
 */
export function withCodedVariableErrors<Result extends ExecutionResult>(result: Result): Result {
  if ("data" in result || !result.errors) return result;
  const coded = (error: GraphQLError) => (error.path ? error : withCode(error, ErrorCode.BAD_USER_INPUT));
  return { ...result, errors: result.errors.map(coded) };
}

/** The error with `code` (and `message`) unless it already has a code of its own. */
function withCode(error: GraphQLError, code: ErrorCode, message = error.message): GraphQLError {
  if (error.extensions["code"] !== undefined) return error;
  return changed(error, message, { ...error.extensions, code });
}

/** A copy of the error (its place in the document, its cause) with another message or extensions. */
function changed(error: GraphQLError, message: string, extensions = error.extensions): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/**
 * No "Did you mean ...?" in production: it would reveal the schema piece by
 * piece. graphql-js suggests in validation (fields, arguments, types, enum
 * values) and when it coerces variables, which is part of execution.
 */
function hideSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length > 0)
          setResult(result.map((error: Error) => (error instanceof GraphQLError ? withoutSuggestion(error) : error)));
      },
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        const single = result as ExecutionResult;
        if (single.errors) setResult({ ...single, errors: single.errors.map(withoutSuggestion) });
      },
    }),
  };
}

/**
 * A result as a client may see it: without the extensions Yoga keeps for itself on errors
 * (`unexpected` on a masked error, `http` for a status). Yoga drops them when it writes an HTTP
 * answer; the socket writes its own, so it drops them here.
 */
export function withoutInternalExtensions(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => "unexpected" in error.extensions || "http" in error.extensions)) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      const { unexpected: _unexpected, http: _http, ...extensions } = error.extensions;
      return changed(error, error.message, extensions);
    }),
  };
}

/** The same error, its message without graphql-js's suggestion. */
export function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/\s*Did you mean [^?]*\?/g, "");
  return message === error.message ? error : changed(error, message);
}

function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
