import { batchSizeHistogram, createRegistry, LATENCY_BUCKETS, poolMetrics } from "@chatmod/core/metrics";
import { isUnreachable } from "@chatmod/core/sql";
import type { Plugin } from "@envelop/core";
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  getOperationAST,
  Kind,
  type OperationTypeNode,
} from "graphql";
import type pg from "pg";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { MessagePoster } from "../chat/post.ts";
import { ErrorCode } from "../errors.ts";
import type { Pushable } from "../live/pushable.ts";
import type { RoomEventRecord } from "../live/room-events.ts";

/**
 * The API's Prometheus metrics (served by app.startMetrics on METRICS_PORT, see
 * @chatmod/core/metrics). Labels are bounded: an operation is counted by its
 * root fields, names the schema has (never the client's operation name, which
 * anyone can make up), and an error by its code, a fixed set. On hot paths
 * a metric is only incremented or observed, never looked up; deliveries, one
 * per event and subscriber, are a plain count that a scrape reads.
 */
export function createApiMetrics(pool: pg.Pool) {
  const registry: Registry = createRegistry("api");
  poolMetrics(registry, { api: pool });
  const operations = new Counter({
    name: "chatmod_graphql_operations_total",
    help: "GraphQL operations by type, root field and outcome (ok, error: the result has errors, rejected: did not parse or validate)",
    labelNames: ["type", "operation", "outcome"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: "chatmod_graphql_errors_total",
    help: "Errors in GraphQL results by extensions.code (HTTP and WebSocket)",
    labelNames: ["code"] as const,
    registers: [registry],
  });
  let openSockets = () => 0;
  new Gauge({
    name: "chatmod_ws_open_sockets",
    help: "Open WebSocket connections on this replica",
    registers: [registry],
    collect() {
      this.set(openSockets());
    },
  });
  const subscriptions = new Gauge({
    name: "chatmod_ws_open_subscriptions",
    help: "Live subscriptions on this replica",
    registers: [registry],
  });
  let delivered = 0;
  new Counter({
    name: "chatmod_ws_deliveries_total",
    help: "Subscription events written to sockets (one per event and subscriber)",
    registers: [registry],
    collect() {
      this.inc(delivered);
      delivered = 0;
    },
  });
  const slowConsumerCloses = new Counter({
    name: "chatmod_ws_slow_consumer_closes_total",
    help: "Sockets closed with 4503 because their reader did not keep up",
    registers: [registry],
  });
  const sendToCommit = new Histogram({
    name: "chatmod_send_to_commit_seconds",
    help: "From a send reaching the group commit to its message being committed (queueing included)",
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const sendToDeliver = new Histogram({
    name: "chatmod_send_to_deliver_seconds",
    help: "From a message's createdAt (Postgres clock) to its event being handed to this replica's subscribers, once per event",
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const sendBatches = batchSizeHistogram(
    registry,
    "chatmod_send_batch_size",
    "Messages stored per group-commit statement (one room's sends arriving together)",
  );

  const countResult = (type: string, fields: string[], outcome: string, found?: readonly GraphQLError[]) => {
    for (const field of fields) operations.inc({ type, operation: field, outcome });
    for (const error of found ?? []) errors.inc({ code: codeOf(error) });
  };
  const countExecuted = (document: DocumentNode, operationName: string | null | undefined, result: ExecutionResult) => {
    const { type, fields } = rootFields(document, operationName);
    countResult(type, fields, result.errors?.length ? "error" : "ok", result.errors);
  };

  return {
    registry,
    /** Counts `count` events handed to sockets. */
    deliveries(count = 1): void {
      delivered += count;
    },
    slowConsumerCloses,
    /** Sets what the open-sockets gauge reads at each scrape. */
    watchSockets(count: () => number): void {
      openSockets = count;
    },
    /** What group commit is told of each flush of sends. */
    sendBatch: (size: number): void => sendBatches.observe(size),
    /** A room event handed to the replica's subscribers: a new message's age is its send-to-deliver time. */
    delivered(event: RoomEventRecord): void {
      if (event.kind === "MESSAGE_ADDED")
        sendToDeliver.observe(Math.max(0, Date.now() - event.message.createdAt.getTime()) / 1000);
    },
    /** The poster, timed: stored messages only (not a refusal or a duplicate). */
    timedPoster(post: MessagePoster): MessagePoster {
      return async (message, parent) => {
        const started = performance.now();
        const result = await post(message, parent);
        if (typeof result === "object") sendToCommit.observe((performance.now() - started) / 1000);
        return result;
      };
    },
    /** Counts an operation that ran, from its document and its result as the client gets it. */
    countExecuted,
    /** Counts an operation the socket refuses before parsing it (a limit, an ended session); answers its errors. */
    refused(error: GraphQLError): GraphQLError[] {
      countResult("unknown", ["(refused)"], "rejected", [error]);
      return [error];
    },
    /** A subscription started over the socket: counted, and open until its stream ends. */
    subscriptionOpened<T>(document: DocumentNode, operationName: string | null | undefined, stream: Pushable<T>) {
      const { type, fields } = rootFields(document, operationName);
      countResult(type, fields, "ok");
      subscriptions.inc();
      return new CountedStream(stream, subscriptions);
    },
    /** Counts operations as they run, over HTTP and over the socket (both parse, validate and execute through envelop). */
    plugin(): Plugin {
      return {
        onParse:
          () =>
          ({ result }) => {
            if (result instanceof Error) countResult("unknown", ["(unparsed)"], "rejected", [result as GraphQLError]);
          },
        onValidate:
          ({ params }) =>
          ({ result }) => {
            if (result.length === 0) return;
            // The fields may not exist (that may be why it failed): never a label taken from the document.
            const type = getOperationAST(params.documentAST)?.operation ?? "unknown";
            countResult(type, ["(invalid)"], "rejected", result as GraphQLError[]);
          },
        onExecute: ({ args }) => ({
          onExecuteDone: ({ result }) => {
            if (Symbol.asyncIterator in result) return;
            countExecuted(args.document, args.operationName, result);
          },
        }),
      };
    },
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** A subscription's stream, counted open until it ends or is stopped (a class: one per subscription, no closures). */
class CountedStream<T> implements Pushable<T> {
  private open = true;

  private readonly stream: Pushable<T>;
  private readonly gauge: Gauge;

  constructor(stream: Pushable<T>, gauge: Gauge) {
    this.stream = stream;
    this.gauge = gauge;
  }

  pipe(sink: (item: T) => void): Promise<void> {
    // then(), not finally(): finally() keeps two more closures of its own for the stream's lifetime.
    return this.stream.pipe(sink).then(
      () => this.ended(),
      (error: unknown) => {
        this.ended();
        throw error;
      },
    );
  }

  return(): Promise<unknown> {
    this.ended();
    return this.stream.return();
  }

  private ended(): void {
    if (this.open) this.gauge.dec();
    this.open = false;
  }
}

/** Codes the API gives errors (and the masked one); any other is counted as OTHER, so the label stays bounded. */
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), "INTERNAL_SERVER_ERROR"]);

function codeOf(error: GraphQLError): string {
  const code = error.extensions?.["code"];
  // No code: an unexpected error, which the client receives masked (Postgres away: as SERVICE_UNAVAILABLE).
  if (code === undefined) return isUnreachable(error.originalError) ? "SERVICE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR";
  return typeof code === "string" && KNOWN_CODES.has(code) ? code : "OTHER";
}

/** The operation's type and root field names: in a validated document, fields of the schema. */
type RootFields = { type: OperationTypeNode | "unknown"; fields: string[] };

/** Documents are parsed once and cached by Yoga: thousands of subscriptions of one document share its answer. */
const rootFieldsOf = new WeakMap<DocumentNode, Map<string, RootFields>>();

function rootFields(document: DocumentNode, operationName: string | null | undefined): RootFields {
  const byName = rootFieldsOf.get(document) ?? new Map<string, RootFields>();
  rootFieldsOf.set(document, byName);
  const key = operationName ?? "";
  const known = byName.get(key) ?? readRootFields(document, operationName);
  byName.set(key, known);
  return known;
}

function readRootFields(document: DocumentNode, operationName: string | null | undefined): RootFields {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { type: "unknown", fields: ["(unknown)"] };
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections)
    fields.add(selection.kind === Kind.FIELD ? selection.name.value : "(fragment)");
  return { type: operation.operation, fields: [...fields] };
}
