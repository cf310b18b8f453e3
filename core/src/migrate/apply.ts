// `prisma migrate deploy` and a drift check, run by Prisma's own schema engine
// (see engine.ts), so the `_prisma_migrations` history it writes is the one
// the real Prisma CLI reads and writes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { adminQuery, type EngineLog, type SchemaEngine, withSchemaEngine } from "./engine.ts";

export const coreDir = fileURLToPath(new URL("../..", import.meta.url));
export const schemaPath = join(coreDir, "prisma", "schema.prisma");
export const migrationsDir = join(coreDir, "prisma", "migrations");

export type MigrationList = Parameters<SchemaEngine["applyMigrations"]>[0]["migrationsList"];

// No tables or enums are managed outside Prisma (prisma.config.ts sets none).
export const noFilters = { externalTables: [], externalEnums: [] };

/** The migrations directory as the engine wants it; same as @prisma/migrate's listMigrations. */
export async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const lockfile = await readFile(join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const directories = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const migrationDirectories = await Promise.all(
    directories.map(async (path) => ({
      path,
      migrationFile: {
        path: "migration.sql",
        // A missing or unreadable script is reported by the engine, by name.
        content: await readFile(join(dir, path, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** schema.prisma as the engine wants it. */
export async function readSchema(): Promise<{ path: string; content: string }> {
  return { path: schemaPath, content: await readFile(schemaPath, "utf8") };
}

/**
 * Applies the pending migrations in prisma/migrations (or `dir`), creating the
 * database first if needed. Safe to run from several processes at once.
 */
export async function applyMigrations(
  databaseUrl: string,
  dir = migrationsDir,
  log?: EngineLog,
): Promise<{ applied: string[] }> {
  await ensureDatabase(databaseUrl);
  const migrationsList = await readMigrations(dir);
  return withDeployLock(databaseUrl, () =>
    withSchemaEngine(
      databaseUrl,
      async (engine) => {
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
        return { applied: appliedMigrationNames };
      },
      log,
    ),
  );
}

// The engine takes the advisory lock of `prisma migrate deploy` (72707369),
// but gives up after 10 s, so one slow migration would fail every concurrent
// deploy. This second lock, next to it and without a timeout, queues our
// deploys; it is released after the engine (and so its lock) is closed.
const DEPLOY_LOCK = 72707370;

async function withDeployLock<T>(databaseUrl: string, run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [DEPLOY_LOCK]);
    return await run();
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}

/** The SQL that would make the database match schema.prisma; "" when it already does. */
export async function diffDatabaseAgainstSchema(databaseUrl: string): Promise<string> {
  const schema = await readSchema();
  return withSchemaEngine(databaseUrl, async (engine) => {
    const { exitCode, stdout } = await engine.diff({
      // "schemaDatasource" is the live database behind the engine's adapter.
      from: { tag: "schemaDatasource", files: [schema], configDir: coreDir },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      // Asks for exit code 2 on a difference: an empty diff still prints a comment.
      exitCode: true,
      filters: noFilters,
    });
    return exitCode === 2 ? (stdout ?? "") : "";
  });
}

const UNDEFINED_DATABASE = "3D000";
const DUPLICATE_DATABASE = "42P04";
const UNIQUE_VIOLATION = "23505";

/** Creates the database named in `databaseUrl` unless it exists. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  // Probing the database itself needs no rights on the `postgres` database.
  const missing = await adminQuery(databaseUrl, "SELECT 1", name).then(
    () => false,
    (error: unknown) => {
      if (pgCode(error) === UNDEFINED_DATABASE) return true;
      throw error;
    },
  );
  if (!missing) return;
  try {
    await adminQuery(databaseUrl, `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another process created it first: both error codes occur in that race.
    if (pgCode(error) !== DUPLICATE_DATABASE && pgCode(error) !== UNIQUE_VIOLATION) throw error;
  }
}

function pgCode(error: unknown): unknown {
  return error instanceof Error && "code" in error ? error.code : undefined;
}
