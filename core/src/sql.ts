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
  // Postgres going away mid-transaction emits "error" on the client, which the pool does not hear
  // while the client is checked out: unheard, it would end the process. The statement fails anyway.
  const dropped = () => {};
  client.on("error", dropped);
  const release = client.release.bind(client);
  client.release = (error?: Error | boolean) => {
    client.removeListener("error", dropped);
    release(error);
  };
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // A connection whose rollback fails is broken, and one whose prepared statement no longer fits the
    // tables (a migration changed what it returns) fails it again at every use: drop either rather than
    // hand it to the next pool user.
    const rollback = await client.query("ROLLBACK").then(
      () => undefined,
      (failure: unknown) => failure,
    );
    client.release(rollback instanceof Error ? rollback : staleStatement(error) ? (error as Error) : undefined);
    throw error;
  }
}

/** Postgres refused a prepared statement planned before the tables it reads changed shape. */
function staleStatement(error: unknown): boolean {
  const failure = error as { code?: unknown; message?: unknown } | null;
  return failure?.code === "0A000" && String(failure.message).includes("cached plan must not change result type");
}

/** Whether a statement failed on this unique index (node-postgres reports the constraint by name). */
export function violatesUnique(error: unknown, index: string): boolean {
  const failure = error as { code?: unknown; constraint?: unknown } | null;
  return failure?.code === "23505" && failure.constraint === index;
}

/**
 * Postgres could not be reached, or went away mid-statement (a restart, a failover): worth trying
 * again shortly, unlike a failure of the statement itself. Socket errors, Postgres's connection
 * and shutdown classes (08, 57P), and pg's own words for a dropped or timed-out connection; it
 * follows `cause` and `originalError` through the wrappers (Prisma's adapter, GraphQL).
 */
export function isUnreachable(error: unknown): boolean {
  for (let failure = error, depth = 0; failure && typeof failure === "object" && depth < 8; depth++) {
    const { code, message } = failure as { code?: unknown; message?: unknown };
    if (typeof code === "string" && UNREACHABLE_CODES.test(code)) return true;
    if (typeof message === "string" && UNREACHABLE_WORDS.test(message)) return true;
    const next = failure as { cause?: unknown; originalError?: unknown };
    failure = next.cause ?? next.originalError;
  }
  return false;
}

const UNREACHABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|08\d{3}|57P0[1-3])$/;
const UNREACHABLE_WORDS =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database|the database system is (starting up|shutting down|in recovery mode)|DatabaseNotReachable/i;
