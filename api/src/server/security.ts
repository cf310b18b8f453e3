import type { Plugin } from "@envelop/core";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { type ExecutionResult, GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql";
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
      maxDepth: { n: env.MAX_DEPTH, ignoreIntrospection: !env.isProduction },
      maxAliases: { n: env.MAX_ALIASES },
      maxTokens: { n: env.MAX_TOKENS },
      costLimit: { maxCost: env.MAX_COST, ignoreIntrospection: !env.isProduction },
      maxDirectives: { n: 10 },
      // Armor's own mask misses graphql-js's other wordings ("Did you mean the enum value ...?"); see below.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    subscriptionsOverSocketOnly(),
  ];
  if (env.isProduction) plugins.push(disableIntrospection(), hideSuggestions());
  return plugins;
}

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

/** The same error, its message without graphql-js's suggestion. */
export function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/\s*Did you mean [^?]*\?/g, "");
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
