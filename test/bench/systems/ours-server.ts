import { buildApp } from "@chatmod/api/app";
import { parseEnv } from "@chatmod/api/env";
import { tuneHeapForLatency } from "@chatmod/api/server/heap";
import pg from "pg";
import { controlServer } from "./control.ts";

// Counts the SQL statements this replica sends (Prisma's pg adapter shares this `pg`), by statement shape.
const statements = new Map<string, number>();
// Shapes by statement text: the same few texts come back thousands of times, and the regular expressions were 2% of a replica's time.
const shapes = new Map<string, string>();
const shapeOf = (sql: string) =>
  sql
    .replace(/\s+/g, " ")
    .replace(/"public"\./g, "")
    .replace(/^SELECT .*? FROM /, "SELECT … FROM ")
    .slice(0, 120);
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const sql = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
  if (sql) {
    let shape = shapes.get(sql);
    if (shape === undefined) {
      shape = shapeOf(sql);
      if (shapes.size < 10_000) shapes.set(sql, shape);
    }
    statements.set(shape, (statements.get(shape) ?? 0) + 1);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

// One API replica, exactly as main.ts builds it (the parent created and migrated the database).
tuneHeapForLatency();
const app = buildApp(parseEnv(process.env));
const url = await app.start(0, "127.0.0.1");
controlServer(url, () => app.stop(), { statements: () => Object.fromEntries(statements) });
