// Accounts made before usernames were unique whatever their case: the migration must give each a key,
// even where two already differ only in case, and leave the database matching schema.prisma.
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, diffDatabaseAgainstSchema, migrationsDir } from "../src/migrate/apply.ts";
import { adminQuery, withDatabase } from "../src/migrate/engine.ts";

const serverUrl = process.env["DATABASE_URL"] || "postgresql://postgres@127.0.0.1:5432/chatmod";
const url = withDatabase(serverUrl, `chatmod_migtest_${randomUUID().slice(0, 8)}_keys`);
const earlier = await mkdtemp(join(tmpdir(), "chatmod-migrations-"));

afterAll(async () => {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await rm(earlier, { recursive: true, force: true });
});

async function query<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe("the username key migration", () => {
  it("keys existing accounts, the first of a case clash keeping the plain key", async () => {
    const names = (await readdir(migrationsDir)).sort();
    const index = names.findIndex((name) => name.endsWith("_username_key"));
    expect(index).toBeGreaterThan(0);
    for (const name of [...names.slice(0, index), "migration_lock.toml"])
      await cp(join(migrationsDir, name), join(earlier, name), { recursive: true });
    await applyMigrations(url, earlier);

    const users = [
      ["Alice", "2026-01-01"],
      ["alice", "2026-02-01"],
      ["ALICE", "2026-03-01"],
      ["Bob.Builder", "2026-01-01"],
    ] as const;
    for (const [username, createdAt] of users)
      await query(
        `INSERT INTO "User" (id, username, "passwordHash", "createdAt") VALUES (gen_random_uuid(), $1, 'x', $2)`,
        [username, createdAt],
      );
    await applyMigrations(url);

    const rows = await query<{ id: string; username: string; usernameKey: string }>(
      `SELECT id, username, "usernameKey" FROM "User" ORDER BY "createdAt", username`,
    );
    const keys = Object.fromEntries(rows.map((row) => [row.username, row.usernameKey.replace(row.id, "<id>")]));
    expect(keys).toEqual({ Alice: "alice", alice: "alice#<id>", ALICE: "alice#<id>", "Bob.Builder": "bob.builder" });
    expect(await diffDatabaseAgainstSchema(url)).toBe("");
    await expect(
      query(
        `INSERT INTO "User" (id, username, "usernameKey", "passwordHash") VALUES (gen_random_uuid(), 'aLiCe', 'alice', 'x')`,
      ),
    ).rejects.toMatchObject({ code: "23505" });
  });
});
