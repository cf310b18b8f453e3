// OpenTelemetry traces, received as a collector would receive them: one trace per message, from the
// sendMessage operation (over graphql-ws and over HTTP) through the commit, the publish and the
// enqueue, into the worker's job, its verdict and its publish. Off, nothing is loaded or sent.

import { createRequire } from "node:module";
import { parseEnv } from "@chatmod/api/env";
import { moderationJobData } from "@chatmod/core/moderation-jobs";
import { parseWorkerEnv } from "@chatmod/worker/env";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { wsClient } from "../helpers/subscriptions.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { startWorker, waitForVerdict } from "./worker-support.ts";

const { api, sql } = workerStackForFile();
const receiver = await startOtlpReceiver();
const workers: ModerationWorker[] = [];
// close() is idempotent: a test that failed halfway leaves no worker running.
afterAll(() => Promise.all([receiver.close(), ...workers.map((worker) => worker.close())]));

const SEND = gql<{ sendMessage: { id: string } }, { input: { roomId: string; text: string; clientId: string } }>(
  `mutation SendMessage($input: SendMessageInput!) { sendMessage(input: $input) { id } }`,
);

/** The SDK's modules this process has loaded (they are required as CommonJS, only when tracing is on). */
const loadedSdk = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) =>
    /@opentelemetry[/\\](sdk-trace|exporter-trace-otlp-http)[/\\]/.test(path),
  );

const tracingOn = (extra: Record<string, string> = {}) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  ...extra,
});

describe("traces", () => {
  // First: once a replica with tracing has started, this process has loaded the SDK.
  it("are off by default: nothing is exported and the SDK is never loaded", async () => {
    expect(api.env.tracing).toBeNull();
    // The worker is pointed at the receiver, but disabled by the standard switch.
    const worker = startWorker(api.stack, tracingOn({ OTEL_SDK_DISABLED: "true" }));
    workers.push(worker);
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const sent = await alice.client.ok(SEND, {
      input: { roomId: room.id, text: "hello", clientId: crypto.randomUUID() },
    });
    await waitForVerdict(sql, sent.sendMessage.id);
    await worker.close();
    expect(receiver.bodies).toEqual([]);
    expect(loadedSdk()).toEqual([]);
  });

  it("follow a message over graphql-ws and one over HTTP from the operation to the verdict, one trace each", async () => {
    const stack = api.stack;
    // A long export delay: everything arrives because stop and close flush what is buffered.
    const traced = await stack.startApi(tracingOn({ OTEL_BSP_SCHEDULE_DELAY: "60000" }));
    const worker = startWorker(stack, tracingOn({ OTEL_BSP_SCHEDULE_DELAY: "60000" }));
    workers.push(worker);
    const alice = await signUp(traced.client);
    const room = await createRoom(alice.client);
    const texts = { ws: "good morning over the socket", http: "good morning over http" };

    const socket = wsClient(traced.wsUrl, alice.token);
    const overWs = await new Promise<string>((resolve, reject) =>
      socket.subscribe<{ sendMessage: { id: string } }>(
        { query: SEND, variables: { input: { roomId: room.id, text: texts.ws, clientId: crypto.randomUUID() } } },
        {
          next: ({ data, errors }) => (data ? resolve(data.sendMessage.id) : reject(errors)),
          error: reject,
          complete: () => {},
        },
      ),
    );
    const overHttp = (
      await alice.client.ok(SEND, { input: { roomId: room.id, text: texts.http, clientId: crypto.randomUUID() } })
    ).sendMessage.id;
    // Sent through the replica without tracing: its job carries no trace context, like one the outbox sweep enqueues.
    const untraced = (
      await api.client
        .as(alice.token)
        .ok(SEND, { input: { roomId: room.id, text: "hi", clientId: crypto.randomUUID() } })
    ).sendMessage.id;
    for (const id of [overWs, overHttp, untraced]) await waitForVerdict(sql, id);
    await socket.dispose();
    await stack.stopApi(traced);
    await worker.close();
    expect(loadedSdk().length).toBeGreaterThan(0);

    for (const messageId of [overWs, overHttp]) {
      const trace = traceOf(receiver.spans, messageId);
      const one = (name: string, service: string) => {
        const found = trace.filter((span) => span.name === name && span.service === service);
        expect(found, `${name} (${service})`).toHaveLength(1);
        return found[0]!;
      };
      const operation = one("mutation SendMessage", "chatmod-api");
      expect(operation.parentSpanId).toBe("");
      expect(operation.kind).toBe(KIND.server);
      expect(operation.attributes).toMatchObject({
        "graphql.operation.type": "mutation",
        "graphql.operation.name": "SendMessage",
      });
      const commit = one("store message", "chatmod-api");
      const published = one("publish room", "chatmod-api");
      const enqueued = one("send moderation", "chatmod-api");
      for (const child of [commit, published, enqueued]) expect(child.parentSpanId).toBe(operation.spanId);
      expect([commit.kind, published.kind, enqueued.kind]).toEqual([KIND.client, KIND.producer, KIND.producer]);
      expect(commit.attributes).toMatchObject({ "chatmod.room.id": room.id, "db.system.name": "postgresql" });
      expect(published.attributes).toMatchObject({ "chatmod.room.id": room.id, "chatmod.message.id": messageId });

      const job = one("process moderation", "chatmod-worker");
      expect(job.parentSpanId).toBe(enqueued.spanId);
      expect(job.kind).toBe(KIND.consumer);
      expect(job.attributes).toMatchObject({
        "chatmod.message.id": messageId,
        "chatmod.moderation.status": "APPROVED",
      });
      for (const name of ["store verdict", "publish room"])
        expect(one(name, "chatmod-worker").parentSpanId, name).toBe(job.spanId);
      // Ids and codes only: never what was said, nor who holds which token.
      const exported = JSON.stringify(trace);
      for (const secret of [...Object.values(texts), alice.token]) expect(exported).not.toContain(secret);
    }
    expect(traceOf(receiver.spans, overWs)[0]!.traceId).not.toBe(traceOf(receiver.spans, overHttp)[0]!.traceId);

    // A job without trace context is still moderated and traced: its processing is the root of a trace of its own.
    const orphan = receiver.spans.filter(
      (span) => span.name === "process moderation" && span.attributes["chatmod.message.id"] === untraced,
    );
    expect(orphan).toHaveLength(1);
    expect(orphan[0]!.parentSpanId).toBe("");
    const orphanTrace = receiver.spans.filter((span) => span.traceId === orphan[0]!.traceId);
    expect(orphanTrace.map((span) => span.name).sort()).toEqual([
      "process moderation",
      "publish room",
      "store verdict",
    ]);
  });
});

describe("tracing configuration", () => {
  it("reads the standard variables, and reports a wrong one at startup", () => {
    expect(parseEnv({}).tracing).toBeNull();
    expect(parseWorkerEnv({ OTEL_SERVICE_NAME: "ignored without an endpoint" }).tracing).toBeNull();
    expect(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318/" }).tracing).toMatchObject({
      serviceName: "chatmod-api",
      url: "http://jaeger:4318/v1/traces",
      sampler: "parentbased_always_on",
      ratio: 1,
    });
    expect(
      parseWorkerEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://ignored:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://collector.example/otlp/traces",
        OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20abc, x-tenant = chat",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.1",
      }).tracing,
    ).toEqual({
      serviceName: "chatmod-worker",
      url: "https://collector.example/otlp/traces",
      headers: { authorization: "Bearer abc", "x-tenant": "chat" },
      sampler: "parentbased_traceidratio",
      ratio: 0.1,
      scheduledDelayMillis: 5_000,
    });
    expect(
      parseEnv({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318" }).tracing,
    ).toBeNull();
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318" };
    expect(() => parseEnv({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: only http\/json is supported/,
    );
    expect(() => parseEnv({ ...endpoint, OTEL_TRACES_SAMPLER: "sometimes" })).toThrow(/OTEL_TRACES_SAMPLER/);
    expect(() => parseEnv({ ...endpoint, OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
    expect(() => parseEnv({ ...endpoint, OTEL_TRACES_SAMPLER_ARG: "0.5" })).toThrow(
      /only read by a traceidratio sampler/,
    );
    expect(() => parseWorkerEnv({ ...endpoint, OTEL_EXPORTER_OTLP_HEADERS: "no-value" })).toThrow(/key=value/);
    expect(() => parseWorkerEnv({ ...endpoint, OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%zz" })).toThrow(
      /OTEL_EXPORTER_OTLP_HEADERS: expected key=value \(URL-encoded\), at "authorization"/,
    );
    expect(() => parseWorkerEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger:4318" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it("never fail a job over its trace context: a malformed one is dropped", () => {
    const job = { messageId: crypto.randomUUID(), owedAt: new Date().toISOString() };
    const parsed = (message: object) => moderationJobData.parse({ messages: [message] });
    expect(parsed({ ...job, trace: 42 })).toEqual({ messages: [job] });
    expect(parsed({ ...job, trace: { traceparent: "x".repeat(500) } })).toEqual({ messages: [job] });
    const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    expect(parsed({ ...job, trace })).toEqual({ messages: [{ ...job, trace }] });
  });
});

/** Span kinds as OTLP numbers them. */
const KIND = { server: 2, client: 3, producer: 4, consumer: 5 };

/** Every span of the trace whose commit stored this message. */
function traceOf(spans: ReceivedSpan[], messageId: string): ReceivedSpan[] {
  const commit = spans.find(
    (span) => span.name === "store message" && span.attributes["chatmod.message.id"] === messageId,
  );
  expect(commit, `the commit span of ${messageId}`).toBeDefined();
  return spans.filter((span) => span.traceId === commit!.traceId);
}
