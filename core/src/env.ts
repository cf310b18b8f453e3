import { z } from "zod";

/** A configuration problem: main prints its message alone and exits 1. */
export class ConfigError extends Error {}

/** What the migration commands read (`pnpm db:migrate`), so they need nothing else set. */
export const migrationSettings = {
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/chatmod"),
  /** Prisma's convention: a value that mentions "prisma" prints the schema engine's log to stderr. */
  DEBUG: z.string().default(""),
};

/** What the API and the worker both read: they must agree on where Postgres and Redis are, and on the prefix. */
export const sharedSettings = {
  DATABASE_URL: migrationSettings.DATABASE_URL,
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key and channel, so several deployments (or tests) share one Redis. */
  REDIS_PREFIX: z.string().default("chatmod:"),
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
