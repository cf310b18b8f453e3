import { createDatabase, createPool, type Database, statementNames } from "@chatmod/core/db";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestStack } from "../helpers/stack.ts";

let stack: TestStack;
let pool: pg.Pool;
let db: Database;
beforeAll(async () => {
  stack = await TestStack.create();
  // One connection, so what one statement prepared is what the next one sees.
  pool = createPool(stack.databaseUrl, { poolSize: 1 });
  db = createDatabase(pool);
});
afterAll(async () => {
  await db.$disconnect();
  await pool.end();
  await stack.close();
});

type Prepared = { name: string; statement: string };
const prepared = () => db.$queryRaw<Prepared[]>`SELECT name, statement FROM pg_prepared_statements`;

describe("named statements", () => {
  it("prepares each query shape once per connection and reuses it", async () => {
    await db.user.findMany({ where: { username: "nobody-1" } });
    const first = (await prepared()).filter((row) => row.statement.includes(`FROM "public"."User"`));
    await db.user.findMany({ where: { username: "nobody-2" } });
    const second = (await prepared()).filter((row) => row.statement.includes(`FROM "public"."User"`));

    expect(first).toHaveLength(1);
    expect(first[0]!.name).toMatch(/^chatmod_\d+$/);
    // The same shape with another value is the same prepared statement, not a new one.
    expect(second).toEqual(first);
  });

  it("still answers correctly when a prepared statement is reused", async () => {
    const [a, b] = await Promise.all([
      db.$queryRaw<{ n: number }[]>`SELECT ${1}::int AS n`,
      db.$queryRaw<{ n: number }[]>`SELECT ${2}::int AS n`,
    ]);
    expect([a[0]!.n, b[0]!.n]).toEqual([1, 2]);
  });
});

describe("statementNames", () => {
  it("names each text once and leaves texts past the limit unnamed", () => {
    const name = statementNames(2);
    const a = name({ sql: "SELECT 1" });
    const b = name({ sql: "SELECT 2" });
    expect(a).not.toBe(b);
    expect(name({ sql: "SELECT 1" })).toBe(a);
    // Past the limit: unnamed (""), so neither side caches it.
    expect(name({ sql: "SELECT 3" })).toBe("");
    expect(name({ sql: "SELECT 2" })).toBe(b);
  });
});
