import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { apiForFile, type FileApi, filled } from "../helpers/api-for-file.ts";
import { connectSql, type Sql, type TestQueue, testQueue } from "./worker-support.ts";

/** What the worker tests of one file share: an API on its stack, Postgres to read verdicts, the queue. */
export type WorkerStack = { api: FileApi; sql: Sql; inspect: Pick<TestQueue, "queue"> };

/**
 * apiForFile, plus a SQL connection to the file's database (opened in beforeAll)
 * and a queue handle (opened on first use, so a file that never inspects the queue
 * holds no Redis connection for it); both are closed in afterAll, before the stack.
 * Each part is a handle filled later, so the result can be destructured at the top.
 */
export function workerStackForFile(): WorkerStack {
  const api = apiForFile();
  let client: pg.Client | undefined;
  let queue: TestQueue | undefined;
  beforeAll(async () => {
    client = await connectSql(api.stack.databaseUrl);
  });
  afterAll(async () => {
    await queue?.close();
    await client?.end();
  });

  return {
    api,
    // pg's query has many overloads: pass on whichever one the test called.
    sql: { query: ((...args: unknown[]) => Reflect.apply(filled(client).query, client, args)) as pg.Client["query"] },
    inspect: {
      get queue() {
        queue ??= testQueue(api.stack);
        return queue.queue;
      },
    },
  };
}
