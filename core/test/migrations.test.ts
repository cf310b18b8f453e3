// The migrations in core/prisma/migrations, applied by our Wasm-engine deploy,
// must produce schema.prisma exactly and keep Prisma's own history table.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, diffDatabaseAgainstSchema, migrationsDir } from "../src/migrate/apply.ts";
import { adminQuery, withDatabase } from "../src/migrate/engine.ts";

const serverUrl = process.env["DATABASE_URL"] || "postgresql://postgres@127.0.0.1:5432/chatmod";
const runId = randomUUID().slice(0, 8);
const created: string[] = [];

/** A URL for a database that does not exist yet; dropped in afterAll. */
function freshDatabaseUrl(label: string): string {
  const name = `chatmod_migtest_${runId}_${label}`;
  created.push(name);
  return withDatabase(serverUrl, name);
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Each migration directory with the checksum Prisma stores: sha256 (hex) of migration.sql's bytes. */
async function migrationFiles(): Promise<{ name: string; checksum: string }[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const files = await Promise.all(
    names.map(async (name) => ({
      name,
      checksum: createHash("sha256")
        .update(await readFile(join(migrationsDir, name, "migration.sql")))
        .digest("hex"),
    })),
  );
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

async function history(url: string): Promise<HistoryRow[]> {
  return query<HistoryRow>(
    url,
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
     FROM _prisma_migrations ORDER BY migration_name`,
  );
}

/** One finished, not rolled back row per migration directory, with the file's checksum. */
async function expectCompleteHistory(url: string): Promise<void> {
  const expected = (await migrationFiles()).map(({ name, checksum }) => ({
    migration_name: name,
    checksum,
    finished: true,
    rolled_back: false,
  }));
  expect(await history(url)).toEqual(expected);
}

afterAll(async () => {
  for (const name of created) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("migrations", () => {
  const url = freshDatabaseUrl("serial");

  it("applies every migration to a database it creates", async () => {
    const names = (await migrationFiles()).map((file) => file.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual({ applied: names });
  });

  it("leaves the database matching schema.prisma", async () => {
    expect(await diffDatabaseAgainstSchema(url)).toBe("");
  });

  it("records each migration in _prisma_migrations with Prisma's checksum", async () => {
    await expectCompleteHistory(url);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(url)).toEqual({ applied: [] });
    await expectCompleteHistory(url);
  });

  it("sees a manual change as drift", async () => {
    const [column] = await query<{ table_name: string; column_name: string }>(
      url,
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
       ORDER BY table_name, ordinal_position DESC LIMIT 1`,
    );
    if (!column) throw new Error("the migrations created no tables");
    await query(url, `ALTER TABLE "${column.table_name}" DROP COLUMN "${column.column_name}" CASCADE`);
    expect(await diffDatabaseAgainstSchema(url)).toContain(`"${column.column_name}"`);
  });

  it("applies each migration once when two deploys race on a new database", async () => {
    const raced = freshDatabaseUrl("concurrent");
    const names = (await migrationFiles()).map((file) => file.name);
    const [first, second] = await Promise.all([applyMigrations(raced), applyMigrations(raced)]);
    expect([...first.applied, ...second.applied].sort()).toEqual(names);
    await expectCompleteHistory(raced);
    expect(await diffDatabaseAgainstSchema(raced)).toBe("");
  });
});
