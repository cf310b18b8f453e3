import { ConfigError, migrationSettings, parseSettings, sharedSettings } from "@chatmod/core/env";
import { metricsSettings } from "@chatmod/core/metrics";
import { type TracingConfig, tracingConfig, tracingSettings } from "@chatmod/core/tracing-settings";
import { z } from "zod";

export { ConfigError, redactUrl } from "@chatmod/core/env";

/**
 * The one place that reads process.env. Every problem is reported at once,
 * then the process exits non-zero; everything else receives a typed Env.
 */
const csv = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);
const bool = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
/** A period that drives a timer: 0 would spin. */
const period = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: int(4000),
  ...sharedSettings,
  /** Prometheus metrics at /metrics on a listener of their own, never the public port (0: none). */
  ...metricsSettings(9464),
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT and the other standard variables): off unless an endpoint is set. */
  ...tracingSettings("chatmod-api"),
  DEBUG: migrationSettings.DEBUG,
  /** Browser origins allowed for CORS and for the WebSocket upgrade. */
  ALLOWED_ORIGINS: csv.default(["http://localhost:5173", "http://localhost:4000", "http://127.0.0.1:5173"]),
  SESSION_TTL_HOURS: int(24 * 30),
  /**
   * How long a replica remembers who a token belongs to (0: ask Postgres every time). A logout or a
   * role change reaches every replica at once through Redis; this bounds it if Redis drops that.
   */
  SESSION_CACHE_MS: int(10_000),
  /** How long the queue board's cookie (/admin/queues) admits an admin before the app must issue another. */
  QUEUE_BOARD_TICKET_SECONDS: period(900),
  ADMIN_USERNAME: z.string().min(3).default("admin"),
  /** Required outside development: there is no built-in admin password in production. */
  ADMIN_PASSWORD: z.string().min(12).optional(),
  MIGRATE_ON_START: bool.default(true),
  /** Limits: explicit, all overridable. */
  MAX_BODY_BYTES: int(64 * 1024),
  WS_MAX_PAYLOAD_BYTES: int(64 * 1024),
  WS_CONNECTION_INIT_TIMEOUT_MS: int(5_000),
  /** Live subscriptions per socket. */
  WS_MAX_SUBSCRIPTIONS: int(20),
  /** Operations of any kind (subscriptions included) one socket may have under way at once. */
  WS_MAX_OPERATIONS: int(100),
  /** Live events held in memory per subscription; past that it catches up from Postgres instead. */
  SUBSCRIBER_BUFFER: int(512),
  /** How often a replica compares the rooms it serves with Postgres, to find a last event lost in Redis. */
  ROOM_TAIL_CHECK_MS: int(5_000),
  /** Bytes waiting to be written to one socket before its reader is judged too slow and closed with 4503. */
  WS_MAX_BUFFERED_BYTES: int(1024 * 1024),
  /**
   * While a replica is busy, the least time between two rounds of socket writes, so that several
   * events share one write per socket (0: a round per event loop turn). After a quiet spell a frame
   * goes out at once. The cost it cuts is one write syscall per event and socket (see server/frames.ts).
   * Short: rounds that serve many sockets are spaced by their own duration anyway (FLUSH_SPACING), and
   * every millisecond held is added to each delivery and to the sender's own answer.
   */
  WS_WRITE_COALESCE_MS: int(1),
  /**
   * How often each socket is pinged; one that has not answered the previous ping is closed, so a
   * dead connection (no close ever arrives) ends, and leaves the rooms' presence, within two periods.
   */
  WS_PING_INTERVAL_MS: period(5_000),
  /** How long a connection counts as present without its replica renewing it (a replica that dies). */
  PRESENCE_TTL_MS: period(15_000),
  /** How often a replica renews the presence of its connections (well under PRESENCE_TTL_MS). */
  PRESENCE_HEARTBEAT_MS: period(5_000),
  /** How long "typing" lasts without a new signal. */
  TYPING_TTL_MS: period(6_000),
  /** At most one typing signal per person and room is written per this period; the rest are absorbed. */
  TYPING_THROTTLE_MS: int(2_000),
  MAX_DEPTH: int(8),
  MAX_ALIASES: int(15),
  MAX_TOKENS: int(1_000),
  MAX_COST: int(5_000),
  SEND_RATE_LIMIT: int(20),
  SEND_RATE_WINDOW_MS: int(10_000),
  /** Login attempts per username and client address, so a stranger's failures do not lock the owner out. */
  LOGIN_RATE_LIMIT: int(10),
  LOGIN_RATE_WINDOW_MS: int(60_000),
  /** Login attempts per client address, whatever the username, in the same window. */
  LOGIN_ADDRESS_RATE_LIMIT: int(100),
  /** Sign-ups per client address per window. */
  SIGNUP_RATE_LIMIT: int(20),
  SIGNUP_RATE_WINDOW_MS: int(3_600_000),
  /**
   * Reverse proxies in front of the API that append the caller to X-Forwarded-For (docker-compose's
   * nginx: 1). 0 ignores the header: anyone can write it, so it is trusted only when configured.
   */
  TRUSTED_PROXY_HOPS: int(0),
  /**
   * Strict-Transport-Security max-age in seconds, for an API reached only over HTTPS through a TLS-terminating
   * proxy (browsers ignore it over plain HTTP). 0, the default, sends none: the API itself speaks plain HTTP.
   */
  HSTS_MAX_AGE: int(0),
  /** Milliseconds a SIGTERM waits for in-flight work before closing anyway. */
  SHUTDOWN_GRACE_MS: int(10_000),
});

export type Env = z.output<typeof schema> & { isProduction: boolean; tracing: TracingConfig | null };

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const settings = parseSettings(schema, source);
  const env = { ...settings, isProduction: settings.NODE_ENV === "production", tracing: tracingConfig(settings) };
  if (env.isProduction && env.ADMIN_PASSWORD === undefined) {
    throw new ConfigError("Invalid configuration:\n  ADMIN_PASSWORD: required in production (at least 12 characters)");
  }
  return env;
}
