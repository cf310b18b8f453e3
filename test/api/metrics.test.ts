// Prometheus metrics of two API replicas, scraped as Prometheus would: each replica counts
// what it served (HTTP and socket alike), and /metrics is on its own listener only.

import { readFile } from "node:fs/promises";
import { parseEnv } from "@chatmod/api/env";
import { parseWorkerEnv } from "@chatmod/worker/env";
import { createWorkerMetrics } from "@chatmod/worker/metrics";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/free-port.ts";
import { type Scrape, scrape } from "../helpers/metrics.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";

let stack: TestStack;
let replicaA: TestApi;
let replicaB: TestApi;
let metricsA: string;
let metricsB: string;
beforeAll(async () => {
  stack = await TestStack.create();
  replicaA = await stack.startApi();
  replicaB = await stack.startApi();
  metricsA = await replicaA.app.startMetrics(await freePort(), "127.0.0.1");
  metricsB = await replicaB.app.startMetrics(await freePort(), "127.0.0.1");
});
afterAll(() => stack.close());

const newMessage = (roomId: string, text: string) => ({ input: { roomId, text, clientId: crypto.randomUUID() } });

/** The one result of a query or mutation sent over the socket. */
function overSocket(client: Client, query: string, variables: Record<string, unknown>) {
  return new Promise<{ data?: unknown; errors?: unknown }>((resolve, reject) => {
    let result: { data?: unknown; errors?: unknown } = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          result = value;
        },
        error: reject,
        complete: () => resolve(result),
      },
    );
  });
}

/** How much each sample moved between two scrapes. */
const moved = (before: Scrape, after: Scrape) => (name: string, labels?: Record<string, string>) =>
  after.value(name, labels) - before.value(name, labels);

describe("metrics", () => {
  it("are served on the metrics listener only, with Node's and the product's metrics", async () => {
    await signUp(replicaA.client);
    const publicAnswer = await fetch(`${replicaA.url}/metrics`);
    expect(publicAnswer.status).toBe(404);
    expect(await publicAnswer.text()).not.toContain("chatmod_");
    expect((await fetch(metricsA.replace(/\/metrics$/, "/other"))).status).toBe(404);

    const metrics = await scrape(metricsA);
    for (const name of [
      "nodejs_eventloop_lag_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "process_resident_memory_bytes",
      "chatmod_ws_open_sockets",
      "chatmod_ws_open_subscriptions",
      "chatmod_ws_deliveries_total",
      "chatmod_ws_slow_consumer_closes_total",
      "chatmod_send_to_commit_seconds_bucket",
      "chatmod_send_to_deliver_seconds_bucket",
      "chatmod_send_batch_size_bucket",
      "chatmod_pg_pool_waiting",
    ])
      expect(metrics.has(name), name).toBe(true);
    // The pool has served the sign-up: it has connections.
    expect(metrics.value("chatmod_pg_pool_connections", { pool: "api", state: "total" })).toBeGreaterThan(0);
    expect(metrics.text).toContain('service="api"');
  });

  it("count each replica's operations, errors, sockets, subscriptions, deliveries and latencies", async () => {
    const alice = await signUp(replicaA.client);
    const bob = await signUp(replicaB.client);
    const carol = await signUp(replicaB.client);
    const room = await createRoom(alice.client);
    await bob.client.ok(JOIN_ROOM, { id: room.id });
    const idleB = await scrape(metricsB);

    // Bob follows the room through B; live once a first message reaches him.
    const bobSocket = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(bobSocket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await alice.client.ok(SEND_MESSAGE, newMessage(room.id, "warm-up"));
    await seen.until(1);
    const aliceSocket = wsClient(replicaA.wsUrl, alice.token);
    const [beforeA, beforeB] = await Promise.all([scrape(metricsA), scrape(metricsB)]);

    // Alice sends through A, over HTTP then over the socket.
    await alice.client.ok(SEND_MESSAGE, newMessage(room.id, "over HTTP"));
    const overWs = await overSocket(aliceSocket, SEND_MESSAGE, newMessage(room.id, "over the socket"));
    expect(overWs.errors).toBeUndefined();
    await seen.until(3);

    // Refused: Carol is no member (HTTP), a document that does not parse, a subscription she may not have.
    const refused = await carol.client.request(SEND_MESSAGE, newMessage(room.id, "let me in"));
    const refusedCode = String(refused.errors?.[0]?.extensions?.["code"]);
    expect(refusedCode).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    expect((await carol.client.request("{ me { id ")).errors?.[0]?.extensions?.["code"]).toBe("GRAPHQL_PARSE_FAILED");
    const carolSocket = wsClient(replicaB.wsUrl, carol.token);
    const forbidden = collect(carolSocket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await waitFor("Carol's subscription to be refused", async () => (forbidden.errors.length > 0 ? true : null));

    const [afterA, afterB] = await Promise.all([scrape(metricsA), scrape(metricsB)]);
    const onA = moved(beforeA, afterA);
    const onB = moved(beforeB, afterB);
    // A: two sends stored (HTTP and socket), each timed to its commit, in batches of their own.
    expect(onA("chatmod_graphql_operations_total", { type: "mutation", operation: "sendMessage", outcome: "ok" })).toBe(
      2,
    );
    expect(onA("chatmod_send_to_commit_seconds_count")).toBe(2);
    expect(onA("chatmod_send_batch_size_count")).toBe(2);
    expect(onA("chatmod_send_batch_size_sum")).toBe(2);
    expect(onA("chatmod_graphql_errors_total")).toBe(0);
    // B: Carol's refused send and unparsable document, each by its code; the operation that never parsed has no name.
    expect(
      onB("chatmod_graphql_operations_total", { type: "mutation", operation: "sendMessage", outcome: "error" }),
    ).toBe(1);
    expect(onB("chatmod_graphql_errors_total", { code: refusedCode })).toBeGreaterThanOrEqual(1);
    expect(onB("chatmod_graphql_errors_total", { code: "GRAPHQL_PARSE_FAILED" })).toBe(1);
    expect(onB("chatmod_graphql_operations_total", { operation: "(unparsed)", outcome: "rejected" })).toBe(1);
    // B: Bob's subscription (open, before) and Carol's (refused), over the socket.
    const sinceIdle = moved(idleB, afterB);
    expect(
      sinceIdle("chatmod_graphql_operations_total", { type: "subscription", operation: "roomEvents", outcome: "ok" }),
    ).toBe(1);
    expect(
      onB("chatmod_graphql_operations_total", { type: "subscription", operation: "roomEvents", outcome: "error" }),
    ).toBe(1);
    expect(sinceIdle("chatmod_ws_open_subscriptions")).toBe(1);
    // Bob's socket; Carol's closed with her last subscription (the client is lazy).
    expect(sinceIdle("chatmod_ws_open_sockets")).toBe(1);
    // B wrote both messages to Bob's socket, and timed each event once (not per subscriber), from its createdAt.
    expect(onB("chatmod_ws_deliveries_total")).toBe(2);
    // (The warm-up may be timed after the first scrape, when Bob read it from Postgres before its fact arrived.)
    expect(onB("chatmod_send_to_deliver_seconds_count")).toBeGreaterThanOrEqual(2);
    expect(onB("chatmod_send_to_deliver_seconds_count")).toBeLessThanOrEqual(3);
    expect(onB("chatmod_send_to_deliver_seconds_sum")).toBeLessThan(10);
    // No operation label comes from the client: every one is a root field or a placeholder.
    for (const [, operation] of afterB.text.matchAll(/chatmod_graphql_operations_total\{[^}]*operation="([^"]*)"/g))
      expect(operation).toMatch(/^(\(unparsed\)|\(invalid\)|\(refused\)|\(fragment\)|\(unknown\)|[a-zA-Z_]\w*)$/);

    await Promise.all([bobSocket.dispose(), aliceSocket.dispose(), carolSocket.dispose()]);
    const settled = await waitFor("sockets and subscriptions to be gone", async () => {
      const now = await scrape(metricsB);
      return now.value("chatmod_ws_open_sockets") === idleB.value("chatmod_ws_open_sockets") ? now : null;
    });
    expect(settled.value("chatmod_ws_open_subscriptions")).toBe(idleB.value("chatmod_ws_open_subscriptions"));
  });

  it("name an invalid operation by its type only, never by fields the client made up", async () => {
    const dave = await signUp(replicaA.client);
    const before = await scrape(metricsA);
    const answer = await dave.client.request("mutation { inventedFieldName }");
    expect(answer.errors?.[0]?.extensions?.["code"]).toBe("GRAPHQL_VALIDATION_FAILED");
    const after = await scrape(metricsA);
    expect(
      moved(before, after)("chatmod_graphql_operations_total", {
        type: "mutation",
        operation: "(invalid)",
        outcome: "rejected",
      }),
    ).toBe(1);
    expect(moved(before, after)("chatmod_graphql_errors_total", { code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
    expect(after.text).not.toContain("inventedFieldName");
  });

  it("count a subscription the socket refuses at its limit by the refusal's code", async () => {
    const strict = await stack.startApi({ WS_MAX_SUBSCRIPTIONS: "1" });
    const strictMetrics = await strict.app.startMetrics(0, "127.0.0.1");
    const erin = await signUp(strict.client);
    const room = await createRoom(erin.client);
    const socket = wsClient(strict.wsUrl, erin.token);
    const first = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await waitFor("the first subscription to be open", async () =>
      (await scrape(strictMetrics)).value("chatmod_ws_open_subscriptions") === 1 ? true : null,
    );
    const before = await scrape(strictMetrics);
    const second = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await waitFor("the second subscription to be refused", async () => (second.errors.length > 0 ? true : null));
    const change = moved(before, await scrape(strictMetrics));
    expect(change("chatmod_graphql_errors_total", { code: "RATE_LIMITED" })).toBe(1);
    expect(change("chatmod_graphql_operations_total", { operation: "(refused)", outcome: "rejected" })).toBe(1);
    expect(change("chatmod_ws_open_subscriptions")).toBe(0);
    first.unsubscribe();
    await socket.dispose();
  });

  it("are what deploy/ scrapes and charts: the default ports, and every chatmod_ metric of the dashboard", async () => {
    const deploy = (path: string) => readFile(new URL(`../../deploy/${path}`, import.meta.url), "utf8");
    const prometheus = await deploy("prometheus/prometheus.yml");
    expect(prometheus).toContain(`"api-1:${parseEnv({}).METRICS_PORT}", "api-2:${parseEnv({}).METRICS_PORT}"`);
    expect(prometheus).toContain(`"worker:${parseWorkerEnv({}).METRICS_PORT}"`);

    const worker = createWorkerMetrics({ getJobCounts: async () => ({}) }, {}, async () => 0);
    const known = `${(await scrape(metricsA)).text}\n${await worker.registry.metrics()}`;
    const dashboard = JSON.parse(await deploy("grafana/dashboards/chatmod.json")) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const charted = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
    expect(charted.length).toBeGreaterThan(10);
    for (const expr of charted)
      for (const [name] of expr.matchAll(/\b(chatmod|nodejs|process)_\w+/g))
        expect(known, `${name} in ${expr}`).toMatch(new RegExp(`^${name}[{ ]`, "m"));
  });
});
