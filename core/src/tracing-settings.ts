import { z } from "zod";
import { ConfigError } from "./env.ts";

// OpenTelemetry traces: the standard variables, read by the API and the worker (tracing.ts starts the SDK).

const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/** `key=value,key=value` (values URL-encoded), the form of OTEL_EXPORTER_OTLP_HEADERS. */
const headerList = z.string().transform((value, context) => {
  const headers: Record<string, string> = {};
  for (const entry of value.split(",")) {
    if (!entry.trim()) continue;
    const at = entry.indexOf("=");
    let decoded: string | undefined;
    try {
      decoded = at > 0 ? decodeURIComponent(entry.slice(at + 1).trim()) : undefined;
    } catch {
      // A malformed %-escape: reported below like any other bad entry.
    }
    if (decoded === undefined) {
      // The key only: a value may be a credential, and this message is printed.
      context.addIssue({
        code: "custom",
        message: `expected key=value (URL-encoded), at "${entry.slice(0, Math.max(at, 0)).trim() || "?"}"`,
      });
      return z.NEVER;
    }
    headers[entry.slice(0, at).trim()] = decoded;
  }
  return headers;
});

/** The exporter sends OTLP as JSON over HTTP; any other protocol asked for is an error, not a silent switch. */
const protocol = z.literal("http/json", { error: "only http/json is supported" });

const httpUrl = z.url({ protocol: /^https?$/, error: "an http:// or https:// URL" });

/** The standard OpenTelemetry variables this service reads (the spec's names and meanings). */
export const tracingSettings = (serviceName: string) => ({
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).default("false"),
  /** Base URL of an OTLP/HTTP receiver: traces go to its /v1/traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  /** The traces URL itself, used as given; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: headerList.optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: headerList.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default(serviceName),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS).default("parentbased_always_on"),
  /** The ratio of the *traceidratio samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** Milliseconds between two exports of the batch span processor. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().positive().default(5_000),
});

type TracingSettings = z.output<z.ZodObject<ReturnType<typeof tracingSettings>>>;

/** What starting the SDK needs; null: tracing is off. */
export type TracingConfig = {
  serviceName: string;
  url: string;
  headers: Record<string, string>;
  sampler: (typeof SAMPLERS)[number];
  ratio: number;
  scheduledDelayMillis: number;
};

/** The tracing configuration of parsed settings: null unless an endpoint is set and the SDK is not disabled. */
export function tracingConfig(settings: TracingSettings): TracingConfig | null {
  const base = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, "")}/v1/traces`);
  if (settings.OTEL_SDK_DISABLED === "true" || !url) return null;
  if (settings.OTEL_TRACES_SAMPLER_ARG !== undefined && !settings.OTEL_TRACES_SAMPLER.endsWith("traceidratio"))
    throw new ConfigError(
      `Invalid configuration:\n  OTEL_TRACES_SAMPLER_ARG: only read by a traceidratio sampler, not ${settings.OTEL_TRACES_SAMPLER}`,
    );
  return {
    serviceName: settings.OTEL_SERVICE_NAME,
    url,
    headers: { ...settings.OTEL_EXPORTER_OTLP_HEADERS, ...settings.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
    sampler: settings.OTEL_TRACES_SAMPLER,
    ratio: settings.OTEL_TRACES_SAMPLER_ARG ?? 1,
    scheduledDelayMillis: settings.OTEL_BSP_SCHEDULE_DELAY,
  };
}
