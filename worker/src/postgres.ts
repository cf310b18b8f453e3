// The batch path's own Postgres access: node-postgres, without Prisma's per-statement work.

import { Prisma } from "@chatmod/api/db";
import pg from "pg";

export const BATCH_CONNECTION_NAME = "chatmod-worker-batches";

/** A query and its parameters, as node-postgres takes them. */
export type Sql = { text: string; values: unknown[] };

/** Runs one statement; a pool or a transaction's client. */
export type Queryable = Pick<pg.Pool, "query">;

/**
 * The worker's batches spend most of their time in round trips to Postgres, and
 * Prisma adds about 0.12 ms of CPU to each (measured: a five-statement
 * transaction cost 0.91 ms of CPU through Prisma, 0.31 ms through node-postgres,
 * which Prisma's adapter uses underneath). One connection per batch in flight.
 */
export function createBatchPool(databaseUrl: string, connections: number): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: connections,
    // Names these connections in pg_stat_activity.
    application_name: BATCH_CONNECTION_NAME,
    // Waiting longer than this for a connection, or for a lock (a stuck transaction elsewhere),
    // fails the batch, and BullMQ retries its jobs.
    connectionTimeoutMillis: 5_000,
    statement_timeout: 15_000,
    // A worker stuck between statements must not hold its row locks.
    idle_in_transaction_session_timeout: 15_000,
  });
}

/**
 * A parameterized statement from a template, like Prisma's $queryRaw: each
 * interpolated value becomes a parameter, except a Prisma.Sql fragment without
 * parameters (such as the API's authorJson), which is SQL text.
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
    // A connection whose rollback fails is broken: drop it rather than hand it to the next batch.
    const rollback = await client.query("ROLLBACK").then(
      () => undefined,
      (failure: unknown) => failure,
    );
    client.release(rollback instanceof Error ? rollback : undefined);
    throw error;
  }
}
