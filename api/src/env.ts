import { z } from "zod";

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

/** What the migrations need (`pnpm db:migrate`, the Prisma CLI), a part of the API's configuration. */
const migrationSchema = z.object({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/chatmod"),
  /** Prisma's convention: a value that mentions "prisma" prints the schema engine's log to stderr. */
  DEBUG: z.string().default(""),
});

const schema = migrationSchema.extend({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: int(4000),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key and channel, so several deployments (or tests) share one Redis. */
  REDIS_PREFIX: z.string().default("chatmod:"),
  /** Browser origins allowed for CORS and for the WebSocket upgrade. */
  ALLOWED_ORIGINS: csv.default(["http://localhost:5173", "http://localhost:4000", "http://127.0.0.1:5173"]),
  SESSION_TTL_HOURS: int(24 * 30),
  /**
   * How long a replica remembers who a token belongs to (0: ask Postgres every time). A logout or a
   * role change reaches every replica at once through Redis; this bounds it if Redis drops that.
   */
  SESSION_CACHE_MS: int(10_000),
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
   */
  WS_WRITE_COALESCE_MS: int(5),
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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Milliseconds a SIGTERM waits for in-flight work before closing anyway. */
  SHUTDOWN_GRACE_MS: int(10_000),
});

export type Env = z.output<typeof schema> & { isProduction: boolean };
export type MigrationEnv = z.output<typeof migrationSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = parseWith(schema, source);
  const env = { ...parsed, isProduction: parsed.NODE_ENV === "production" };
  if (env.isProduction && env.ADMIN_PASSWORD === undefined) {
    throw new ConfigError("Invalid configuration:\n  ADMIN_PASSWORD: required in production (at least 12 characters)");
  }
  return env;
}

/** The part of the configuration the migration commands read, so they need nothing else set. */
export function parseMigrationEnv(source: Record<string, string | undefined> = process.env): MigrationEnv {
  return parseWith(migrationSchema, source);
}

/** Whether the schema engine's own log goes to stderr (see DEBUG). */
export const logsSchemaEngine = (env: Pick<MigrationEnv, "DEBUG">): boolean => env.DEBUG.includes("prisma");

function parseWith<Schema extends z.ZodType>(
  schemaOf: Schema,
  source: Record<string, string | undefined>,
): z.output<Schema> {
  const result = schemaOf.safeParse(stripEmpty(source));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export class ConfigError extends Error {}

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

function stripEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}
