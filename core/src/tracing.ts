import { createRequire } from "node:module";
import type { Attributes, Link, Span, SpanContext, SpanOptions } from "@opentelemetry/api";
import type { TracingConfig } from "./tracing-settings.ts";

export type { Span, SpanContext } from "@opentelemetry/api";

// OpenTelemetry traces, off unless an OTLP endpoint is configured (tracingSettings in env.ts).
// Off, the SDK is never loaded: call sites hold a `Tracing | null` and a parent `Span | undefined`,
// and skip everything on null.

/** W3C trace context as carried in a moderation job's data. */
export type TraceCarrier = { traceparent: string; tracestate?: string };

export type SpanKindName = "internal" | "server" | "client" | "producer" | "consumer";

export type Tracing = {
  /** A span of the parent's trace (a local span, or a remote one read from a carrier); a new trace without one. */
  startSpan(
    name: string,
    options: { kind?: SpanKindName; attributes?: Attributes; links?: Link[] },
    parent?: Span | SpanContext,
  ): Span;
  /** Marks a span failed: the error's class and code only, never its message (it may quote input). */
  fail(span: Span, error: unknown): void;
  /** The span's W3C trace context, for a process that continues its trace. */
  carrier(span: Span): TraceCarrier;
  /** The span context a carrier names; undefined if there is none or it does not parse. */
  remoteParent(carrier: TraceCarrier | undefined): SpanContext | undefined;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
};

/** Where the SDK's own problems go (an export that failed): a pino logger fits. */
export type TracingLog = { warn(details: object, message: string): void };

/** How long one export may take: shutdown waits for the last one, and a collector that is away must not hold it up. */
const EXPORT_TIMEOUT_MS = 5_000;

const KINDS: Record<SpanKindName, number> = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 };
const ERROR_STATUS = 2;

/**
 * Starts the SDK for this process. Required synchronously (their CommonJS builds) so that
 * buildApp stays synchronous, and only here: a process with tracing off never loads them.
 * No global provider, context manager or propagator is registered: parents are passed
 * explicitly, and an API and a worker in one process (tests) keep their own service names.
 */
export function startTracing(config: TracingConfig | null, log: TracingLog): Tracing | null {
  if (!config) return null;
  const require = createRequire(import.meta.url);
  const api: typeof import("@opentelemetry/api") = require("@opentelemetry/api");
  const sdk: typeof import("@opentelemetry/sdk-trace") = require("@opentelemetry/sdk-trace");
  const { resourceFromAttributes }: typeof import("@opentelemetry/resources") = require("@opentelemetry/resources");
  const { W3CTraceContextPropagator }: typeof import("@opentelemetry/core") = require("@opentelemetry/core");
  const {
    OTLPTraceExporter,
  }: typeof import("@opentelemetry/exporter-trace-otlp-http") = require("@opentelemetry/exporter-trace-otlp-http");

  const report = (message: string, ...args: unknown[]) =>
    log.warn({ details: args.map(String) }, `opentelemetry: ${message}`);
  const ignore = () => {};
  // The SDK reports through @opentelemetry/api's diagnostic logger (one per process): warnings and errors only.
  api.diag.setLogger(
    { error: report, warn: report, info: ignore, debug: ignore, verbose: ignore },
    { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  const ratio = new sdk.TraceIdRatioBasedSampler(config.ratio);
  const samplers = {
    always_on: new sdk.AlwaysOnSampler(),
    always_off: new sdk.AlwaysOffSampler(),
    traceidratio: ratio,
    parentbased_always_on: new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    parentbased_always_off: new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() }),
    parentbased_traceidratio: new sdk.ParentBasedSampler({ root: ratio }),
  };
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    sampler: samplers[config.sampler],
    spanProcessors: [
      new sdk.BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: config.url,
          headers: config.headers,
          timeoutMillis: EXPORT_TIMEOUT_MS,
        }),
        scheduledDelayMillis: config.scheduledDelayMillis,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });
  const tracer = provider.getTracer("chatmod");
  const propagator = new W3CTraceContextPropagator();
  const setter = { set: (carrier: Record<string, string>, key: string, value: string) => (carrier[key] = value) };
  const getter = {
    get: (carrier: Record<string, string | undefined>, key: string) => carrier[key],
    keys: (carrier: Record<string, string | undefined>) => Object.keys(carrier),
  };

  return {
    startSpan(name, { kind = "internal", attributes, links }, parent) {
      const options: SpanOptions = {
        kind: KINDS[kind],
        ...(attributes ? { attributes } : {}),
        ...(links ? { links } : {}),
      };
      if (!parent) return tracer.startSpan(name, { ...options, root: true });
      const parentContext = "spanContext" in parent ? parent.spanContext() : parent;
      return tracer.startSpan(name, options, api.trace.setSpanContext(api.ROOT_CONTEXT, parentContext));
    },
    fail(span, error) {
      const code = (error as { code?: unknown } | null)?.code;
      span.setAttribute("error.type", typeof code === "string" ? code : ((error as Error)?.name ?? "Error"));
      span.setStatus({ code: ERROR_STATUS });
    },
    carrier(span) {
      const carrier: Record<string, string> = {};
      propagator.inject(api.trace.setSpan(api.ROOT_CONTEXT, span), carrier, setter);
      return carrier as TraceCarrier;
    },
    remoteParent(carrier) {
      if (!carrier) return undefined;
      const extracted = api.trace.getSpanContext(propagator.extract(api.ROOT_CONTEXT, carrier, getter));
      return extracted && api.isSpanContextValid(extracted) ? extracted : undefined;
    },
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Runs `run` inside a span of the parent's trace, ending it when `run` settles (failed if it
 * throws). Without tracing or without a parent it is `run()` and nothing else.
 */
export function inSpan<T>(
  tracing: Tracing | null,
  parent: Span | SpanContext | undefined,
  name: string,
  options: Parameters<Tracing["startSpan"]>[1],
  run: (span?: Span) => Promise<T>,
): Promise<T> {
  if (!tracing || !parent) return run();
  return spanned(tracing, tracing.startSpan(name, options, parent), run);
}

async function spanned<T>(tracing: Tracing, span: Span, run: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await run(span);
  } catch (error) {
    tracing.fail(span, error);
    throw error;
  } finally {
    span.end();
  }
}
