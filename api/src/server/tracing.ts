import type { Tracing } from "@chatmod/core/tracing";
import type { Plugin } from "@envelop/core";
import { getOperationAST } from "graphql";

/**
 * A span per executed query or mutation, over HTTP and over the socket (both execute through
 * envelop), named as OpenTelemetry's GraphQL conventions say ("mutation SendMessage"). It is put
 * on the context as `span`, the parent of the commit, publish and enqueue spans the operation
 * causes. Each starts a trace: a client's traceparent is not followed (anyone could force sampling).
 */
export function tracingPlugin(tracing: Tracing): Plugin<{ span?: unknown }> {
  return {
    onExecute: ({ args, extendContext }) => {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? "unknown";
      const name = operation?.name?.value;
      const span = tracing.startSpan(name ? `${type} ${name}` : type, {
        kind: "server",
        attributes: { "graphql.operation.type": type, ...(name ? { "graphql.operation.name": name } : {}) },
      });
      extendContext({ span });
      return {
        onExecuteDone: ({ result }) => {
          const errors = Symbol.asyncIterator in result ? undefined : result.errors;
          if (errors?.length) {
            const code = errors[0]?.extensions?.["code"];
            tracing.fail(span, { code: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR" });
          }
          span.end();
        },
      };
    },
  };
}
