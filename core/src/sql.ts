// Statements that skip Prisma: node-postgres directly, for the paths run per message.

import type pg from "pg";
import { Prisma } from "./db.ts";

/**
 * A statement as node-postgres takes it. `name` makes it a prepared statement:
 * each connection parses and plans it once (one name, one text).
 */
export type Sql = { text: string; values: unknown[]; name?: string };

/** Runs one statement; a pool or a transaction's client. */
export type Queryable = Pick<pg.Pool, "query">;

/**
 * A parameterized statement from a template, like Prisma's $queryRaw: each
 * interpolated value becomes a parameter, except a Prisma.Sql fragment without
 * parameters (such as authorJson), which is SQL text.
 */
export function sql(strings: TemplateStringsArray, ...interpolated: unknown[]): Sql {
  let text = strings[0]!;
  const values: unknown[] = [];
  for (const [index, value] of interpolated.entries()) {
    if (value instanceof Prisma.Sql) {
      if (value.values.length > 0) throw new Error("a nested SQL fragment with parameters is not supported");
      text += value.text;
    } else {
      values.push(value);
      text += `$${values.length}`;
    }
    text += strings[index + 1]!;
  }
  return { text, values };
}

export async function rows<Row extends pg.QueryResultRow>(db: Queryable, statement: Sql): Promise<Row[]> {
  return (await db.query<Row>(statement)).rows;
}

/** BEGIN, `work`, COMMIT on one connection; ROLLBACK and rethrow if anything fails. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // A connection whose rollback fails is broken: drop it rather than hand it to the next pool user.
    const rollback = await client.query("ROLLBACK").then(
      () => undefined,
      (failure: unknown) => failure,
    );
    client.release(rollback instanceof Error ? rollback : undefined);
    throw error;
  }
}

/** Whether a statement failed on this unique index (node-postgres reports the constraint by name). */
export function violatesUnique(error: unknown, index: string): boolean {
  const failure = error as { code?: unknown; constraint?: unknown } | null;
  return failure?.code === "23505" && failure.constraint === index;
}
