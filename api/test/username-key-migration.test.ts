// Accounts made before usernames were unique whatever their case, and before lookalike names shared a key:
// each migration must give every account a key (the API's own, where no earlier account holds it), even
// where two already clash, and leave the database matching schema.prisma.
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, diffDatabaseAgainstSchema, migrationsDir } from "@chatmod/core/migrate";
import { adminQuery, withDatabase } from "@chatmod/core/migrate/engine";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { usernameKey } from "../src/auth/usernames.ts";

const serverUrl = process.env["DATABASE_URL"] || "postgresql://postgres@127.0.0.1:5432/chatmod";
const leftovers: { url: string; dir: string }[] = [];

afterAll(async () => {
  for (const { url, dir } of leftovers) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  }
});

/** A database migrated up to (not including) the migration whose name ends with `suffix`. */
async function databaseBefore(suffix: string) {
  const url = withDatabase(serverUrl, `chatmod_migtest_${randomUUID().slice(0, 8)}_keys`);
  const dir = await mkdtemp(join(tmpdir(), "chatmod-migrations-"));
  leftovers.push({ url, dir });
  const names = (await readdir(migrationsDir)).sort();
  const index = names.findIndex((name) => name.endsWith(suffix));
  expect(index).toBeGreaterThan(0);
  for (const name of [...names.slice(0, index), "migration_lock.toml"])
    await cp(join(migrationsDir, name), join(dir, name), { recursive: true });
  await applyMigrations(url, dir);

  const query = async <Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<Row>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  /** Migrates the rest of the way; answers each account's key, its own id shown as <id>. */
  const migrateAndReadKeys = async () => {
    await applyMigrations(url);
    expect(await diffDatabaseAgainstSchema(url)).toBe("");
    const rows = await query<{ id: string; username: string; usernameKey: string }>(
      `SELECT id, username, "usernameKey" FROM "User" ORDER BY "createdAt", username`,
    );
    return Object.fromEntries(rows.map((row) => [row.username, row.usernameKey.replace(row.id, "<id>")]));
  };
  return { query, migrateAndReadKeys };
}

describe("the username key migrations", () => {
  it("key existing accounts, the first of a case clash keeping the plain key", async () => {
    const { query, migrateAndReadKeys } = await databaseBefore("_username_key");
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

    // Keyed further by the later migration, as the API keys them now.
    expect(await migrateAndReadKeys()).toEqual({
      Alice: "allce",
      alice: "allce#<id>",
      ALICE: "allce#<id>",
      "Bob.Builder": "bob.bullder",
    });
    await expect(
      query(
        `INSERT INTO "User" (id, username, "usernameKey", "passwordHash") VALUES (gen_random_uuid(), 'aLiCe', 'allce', 'x')`,
      ),
    ).rejects.toMatchObject({ code: "23505" });
  });

  it("give lookalike names one key, as the API computes it, the first registered keeping it", async () => {
    const { query, migrateAndReadKeys } = await databaseBefore("_username_lookalikes");
    // "vvendy" came first, so its new key is the one "wendy" holds until its own row is updated.
    const users = [
      ["vvendy", "2026-01-01"],
      ["wendy", "2026-01-02"],
      ["alice", "2026-01-03"],
      ["aIice", "2026-01-04"],
      ["A1ICE", "2026-01-05"],
      ["rnark_0", "2026-01-06"],
      ["Bob.Builder", "2026-01-07"],
    ] as const;
    for (const [username, createdAt] of users)
      await query(
        `INSERT INTO "User" (id, username, "usernameKey", "passwordHash", "createdAt")
         VALUES (gen_random_uuid(), $1::text, lower(normalize($1::text, NFKC)), 'x', $2)`,
        [username, createdAt],
      );

    const keys = await migrateAndReadKeys();
    expect(keys).toEqual({
      vvendy: "wendy",
      wendy: "wendy#<id>",
      alice: "allce",
      aIice: "allce#<id>",
      A1ICE: "allce#<id>",
      rnark_0: "mark_o",
      "Bob.Builder": "bob.bullder",
    });
    // The SQL and the API agree on every plain key.
    for (const [username] of users)
      if (!keys[username]!.includes("#")) expect(keys[username]).toBe(usernameKey(username));
  });
});
