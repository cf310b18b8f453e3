import { z } from "zod";

/** A configuration problem: main prints its message alone and exits 1. */
export class ConfigError extends Error {}

/** What the migration commands read (`pnpm db:migrate`), so they need nothing else set. */
export const migrationSettings = {
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/chatmod"),
  /** Prisma's convention: a value that mentions "prisma" prints the schema engine's log to stderr. */
  DEBUG: z.string().default(""),
};

/** A Redis Cluster to use instead of REDIS_URL: where to find it, and how to sign in. */
export type RedisClusterSettings = {
  nodes: { host: string; port: number }[];
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
};

/**
 * REDIS_CLUSTER_NODES: comma-separated `host:port` entries, or `redis://` / `rediss://` URLs when the
 * nodes need a password or TLS (as REDIS_URL carries them). Every entry must agree on those: the
 * client signs in to every node alike, including nodes it learns of from the cluster itself.
 */
const redisClusterNodes = z.string().transform((value, context): RedisClusterSettings | null => {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const urls: URL[] = [];
  for (const entry of entries) {
    const url = URL.canParse(entry) && /^rediss?:\/\//.test(entry) ? new URL(entry) : URL.parse(`redis://${entry}`);
    const valid = url && url.hostname !== "" && url.port !== "" && (url.pathname === "" || /^\/0?$/.test(url.pathname));
    if (!valid) {
      context.addIssue({
        code: "custom",
        message: `"${redactUrl(entry)}" is not host:port or redis[s]://[user:password@]host:port (a cluster has database 0 only)`,
      });
      return z.NEVER;
    }
    urls.push(url);
  }
  const signIn = (url: URL) => `${url.protocol}|${url.username}|${url.password}`;
  if (new Set(urls.map(signIn)).size > 1) {
    context.addIssue({ code: "custom", message: "every node must use the same scheme, user and password" });
    return z.NEVER;
  }
  const first = urls[0]!;
  return {
    // URL keeps IPv6 hosts in brackets; the socket wants them bare.
    nodes: urls.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port) })),
    username: first.username ? decodeURIComponent(first.username) : undefined,
    password: first.password ? decodeURIComponent(first.password) : undefined,
    tls: first.protocol === "rediss:",
  };
});

/** What the API and the worker both read: they must agree on where Postgres and Redis are, and on the prefix. */
export const sharedSettings = {
  DATABASE_URL: migrationSettings.DATABASE_URL,
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** A Redis Cluster instead of REDIS_URL (unset: the single Redis at REDIS_URL). */
  REDIS_CLUSTER_NODES: redisClusterNodes.default(null),
  /**
   * Prefix for every Redis key and channel, so several deployments (or tests) share one Redis. No
   * braces: the queue's keys put it inside a hash tag, and a tag of its own would pin every key and
   * channel to one cluster slot.
   */
  REDIS_PREFIX: z
    .string()
    .regex(/^[^{}]*$/, "may not contain { or }")
    .default("chatmod:"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

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

/** Reads `source` (process.env) with `schema`, reporting every problem at once; an empty variable is unset. */
export function parseSettings<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined>,
): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export type MigrationEnv = { DATABASE_URL: string; DEBUG: string };

export function parseMigrationEnv(source: Record<string, string | undefined> = process.env): MigrationEnv {
  return parseSettings(z.object(migrationSettings), source);
}

/** Whether the schema engine's own log goes to stderr (see DEBUG). */
export const logsSchemaEngine = (env: Pick<MigrationEnv, "DEBUG">): boolean => env.DEBUG.includes("prisma");

/** Hides the password of a connection URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
