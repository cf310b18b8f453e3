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
