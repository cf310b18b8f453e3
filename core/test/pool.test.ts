import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createPool } from "../src/db.ts";

const server = process.env["TEST_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432";
const pools: pg.Pool[] = [];
afterEach(() => Promise.all(pools.splice(0).map((pool) => pool.end())));

const backendPid = async (pool: pg.Pool, sleepSeconds = 0) =>
  (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid, pg_sleep($1)", [sleepSeconds])).rows[0]!.pid;

describe("createPool", () => {
  it("closes idle connections above the warm ones, and keeps the warm ones for the next query", async () => {
    const pool = createPool(`${server}/postgres`, { poolSize: 4, warm: 2, idleTimeoutMs: 50 });
    pools.push(pool);
    const busy = new Set(await Promise.all([1, 2, 3, 4].map(() => backendPid(pool, 0.05))));
    expect(busy.size).toBe(4);

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.totalCount).toBe(2);
    // The next query runs on a connection that was already open: no new backend.
    expect(busy.has(await backendPid(pool))).toBe(true);
  });

  it("never keeps more warm connections than it may open", async () => {
    const pool = createPool(`${server}/postgres`, { poolSize: 1, warm: 2, idleTimeoutMs: 50 });
    pools.push(pool);
    const first = await backendPid(pool);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pool.totalCount).toBe(1);
    expect(await backendPid(pool)).toBe(first);
  });
});
