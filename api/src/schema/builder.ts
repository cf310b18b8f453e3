import type PrismaTypes from "@chatmod/core/pothos-types";
import { getDatamodel } from "@chatmod/core/pothos-types";
import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.ts";

/**
 * What happens when a resolver is handed a Prisma selection and does not use it
 * (an N+1 waiting to happen). The schema is built once, on import, before any
 * configuration is parsed: the server sets this from its Env (server/yoga.ts).
 */
let reportUnusedQuery: ((info: GraphQLResolveInfo) => void) | null = null;
export function onUnusedQuery(report: ((info: GraphQLResolveInfo) => void) | null): void {
  reportUnusedQuery = report;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    // The client comes from each request's context, so tests and replicas can use their own.
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: (info) => reportUnusedQuery?.(info),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.scalarType("DateTime", {
  description: "An ISO-8601 timestamp in UTC.",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError("DateTime must be an ISO-8601 string");
    return date;
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
