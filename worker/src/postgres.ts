// The batch path's own Postgres connections: node-postgres, without Prisma's per-statement work.

import pg from "pg";

export const BATCH_CONNECTION_NAME = "chatmod-worker-batches";

/**
 * The worker's batches spend most of their time in round trips to Postgres, and
 * Prisma adds about 0.12 ms of CPU to each (measured: a five-statement
 * transaction cost 0.91 ms of CPU through Prisma, 0.31 ms through node-postgres,
 * which Prisma's adapter uses underneath). One connection per batch in flight;
 * the statements are written with @chatmod/core/sql.
 */
export function createBatchPool(databaseUrl: string, connections: number): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: connections,
    // Kept open while idle: a batch after a quiet spell would otherwise pay a new connection, a new
    // backend and its statements planned afresh (see @chatmod/core/db's createPool).
    min: connections,
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
