import type { Plugin } from "@envelop/core";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { Env } from "../env.ts";

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
      // No "Did you mean ...?" in production: it would reveal the schema piece by piece.
      blockFieldSuggestion: { enabled: env.isProduction },
    }) as Plugin,
  ];
  if (env.isProduction) plugins.push(disableIntrospection());
  return plugins;
}

function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
