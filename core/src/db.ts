import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Database = PrismaClient;
export type {
  Appeal,
  AppealStatus,
  Message,
  ModerationDecision,
  ModerationStatus,
  ModeratorNote,
  Notice,
  NoticeKind,
  Report,
  ReportCategory,
  Role,
  Room,
  RoomEventKind,
  Sanction,
  SanctionKind,
  User,
} from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";

/** How many distinct statement texts get a name (see statementNames). */
const NAMED_STATEMENTS = 1_000;

export type PoolOptions = {
  /** The most connections open at once. */
  poolSize?: number;
  /** Connections kept open however long they idle (at most poolSize). */
  warm?: number;
  /** How long a connection above `warm` may idle before it is closed. */
  idleTimeoutMs?: number;
};

/**
 * The connections to Postgres: Prisma uses them through its adapter, and so do
 * the statements of sql.ts. A few stay open while idle: a chat room is quiet for
 * seconds at a time, and its next message would otherwise pay for a new
 * connection, a new backend and preparing the send statement again (measured:
 * the first send after 11 s of quiet took 15 to 25 ms with none kept, 8 to 12 ms
 * with two; 3 to 4 ms warm).
 */
export function createPool(
  databaseUrl: string,
  { poolSize = 10, warm = 2, idleTimeoutMs = 10_000 }: PoolOptions = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    min: Math.min(warm, poolSize),
    idleTimeoutMillis: idleTimeoutMs,
  });
  // A connection that Postgres drops (a restart, a crash) emits "error" on its client. The pool
  // listens while the client is idle, but not while it is checked out (a transaction between two
  // statements): unheard, the error would end the process. The statement running, if any, fails
  // with it anyway, and the pool then drops the client.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/**
 * Prisma through the `pg` driver adapter (no native query engine to download),
 * on the given pool. Whoever made the pool ends it, after `$disconnect()`.
 */
export function createDatabase(pool: pg.Pool): Database {
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementNames(NAMED_STATEMENTS) });
  return new PrismaClient({ adapter });
}

/**
 * Names statements by their text, so each connection parses and plans a
 * statement once and afterwards only binds and executes it (`pg` prepares a
 * named statement on its first use on a connection). Planning was half of what
 * Postgres spent on posting a message: 1.4 ms per send statement unprepared,
 * 0.66 ms prepared (pgbench, one client). Texts are few (Prisma's query shapes
 * and our raw SQL), but a shape can vary with its input (`IN` lists), so past
 * `limit` distinct texts the rest stay unnamed: what each connection keeps,
 * here and in its Postgres backend, is bounded.
 */
export function statementNames(limit: number): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined) {
      // An empty name is pg's unnamed statement: parsed and planned each time.
      if (names.size >= limit) return "";
      name = `chatmod_${names.size}`;
      names.set(sql, name);
    }
    return name;
  };
}
