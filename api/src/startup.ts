import { logsSchemaEngine } from "@chatmod/core/env";
import { applyMigrations, migrationsDir } from "@chatmod/core/migrate";
import { engineLogToStderr } from "@chatmod/core/migrate/engine";
import { createRedis, describeRedis, type RedisSettings } from "@chatmod/core/redis";
import pg from "pg";
import { ConfigError, type Env, redactUrl } from "./env.ts";

/**
 * Before serving: Postgres and Redis must answer (else one clear line naming the
 * variable and the value tried), and the database is migrated when asked to.
 */
export async function checkServices(env: Env): Promise<void> {
  await reachPostgres(env.DATABASE_URL);
  await reachRedis(env);
  if (env.MIGRATE_ON_START) {
    const log = logsSchemaEngine(env) ? engineLogToStderr : undefined;
    const { applied } = await applyMigrations(env.DATABASE_URL, migrationsDir, log);
    for (const name of applied) console.log(`applied migration ${name}`);
  }
}

async function reachPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    // A missing database is fine: the migration step creates it.
    if ((error as { code?: string }).code === "3D000") return;
    throw new ConfigError(`Cannot reach Postgres at DATABASE_URL=${redactUrl(url)}: ${reason(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function reachRedis(settings: RedisSettings): Promise<void> {
  const redis = createRedis(settings, { probeTimeoutMs: 3_000 });
  // The socket's own error says why ("connect ECONNREFUSED …"); the rejection only says "closed".
  let cause: unknown;
  const remember = (error: unknown) => {
    cause ??= error;
  };
  redis.on("error", remember);
  // A cluster's own error only says it could not load its slots; each node's says why.
  redis.on("node error", remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new ConfigError(`Cannot reach ${describeRedis(settings, redactUrl)}: ${reason(cause ?? error)}`);
  } finally {
    redis.disconnect();
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reason).join("; ");
  return error instanceof Error ? error.message || error.name : String(error);
}
