import pg from "pg";
import { afterAll } from "vitest";

/**
 * Records the SQL this process sends to Postgres (the statements still run:
 * Prisma's pg adapter shares this `pg`), to catch work repeated per subscriber.
 * `stop()` puts the driver back.
 */
export function recordStatements(): { statements: string[]; stop(): void } {
  const statements: string[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    statements.push(typeof first === "string" ? first : String((first as { text?: unknown })?.text ?? ""));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return {
    statements,
    stop: () => {
      pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
    },
  };
}

/** recordStatements for a whole test file: recording starts now, the file's afterAll stops it. */
export function recordStatementsForFile(): string[] {
  const { statements, stop } = recordStatements();
  afterAll(stop);
  return statements;
}
