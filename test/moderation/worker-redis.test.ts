// Redis restarted under a running worker. A private redis-server (no persistence,
// like a cache that lost everything) so the shared Redis is never touched.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { connectSql, insertOwedMessage, send, startWorker, waitFor, waitForVerdict } from "./worker-support.ts";

let stack: TestStack;
let sql: pg.Client;
let port: number;
let redisServer: ChildProcess | undefined;
beforeAll(async () => {
  stack = await TestStack.create();
  sql = await connectSql(stack.databaseUrl);
  port = await freePort();
  redisServer = await startRedis(port);
});
afterAll(async () => {
  await stopRedis();
  await sql?.end();
  await stack?.close();
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function startRedis(onPort: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(onPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: "ignore" },
  );
  const probe = new Redis(onPort, "127.0.0.1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  await waitFor(`redis-server on port ${onPort}`, async () => {
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } catch {
      probe.disconnect();
      return false;
    }
  });
  probe.disconnect();
  return child;
}

async function stopRedis(): Promise<void> {
  const child = redisServer;
  redisServer = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}

describe("moderation worker and a Redis restart", () => {
  it("recovers: new work is processed and work the restart lost is re-enqueued by the sweep", async () => {
    const redisUrl = `redis://127.0.0.1:${port}`;
    const api: TestApi = await stack.startApi({ REDIS_URL: redisUrl });
    // The API's queue has no "error" listener yet, so BullMQ prints each failed reconnect; keep the output readable.
    api.app.services.moderationQueue.on("error", () => {});
    const worker: ModerationWorker = startWorker(stack, {
      REDIS_URL: redisUrl,
      OUTBOX_SWEEP_INTERVAL_MS: "300",
      OUTBOX_SWEEP_AGE_MS: "1000",
    });
    try {
      const alice = await signUp(api.client);
      const room = await createRoom(alice.client);
      const before = await send(alice.client, room.id, "hello before the restart");
      expect((await waitForVerdict(sql, before.id)).status).toBe("APPROVED");

      await stopRedis();
      // Owed while Redis was down: its job is nowhere (the API could not enqueue it).
      const lost = await insertOwedMessage(sql, room.id, alice.user.id, "I will kill you");
      // An outage the API has noticed, not a blip: its connection is down before Redis comes back.
      const apiRedis = api.app.services.events.subscribeClient!;
      await waitFor("the API to lose Redis", () => apiRedis.status !== "ready");
      redisServer = await startRedis(port);

      // The API reconnects too; its rate limiter needs Redis, so a send may fail at first.
      const after = await waitFor("a send after the restart", async () => {
        const result = await alice.client.request(SEND_MESSAGE, {
          input: { roomId: room.id, text: "this is fucking annoying", clientId: crypto.randomUUID() },
        });
        return result.data?.sendMessage;
      });
      expect((await waitForVerdict(sql, after.id, 25_000)).status).toBe("FLAGGED");
      const lostState = await waitForVerdict(sql, lost.id, 25_000);
      expect(lostState.status).toBe("REJECTED");
      expect(lostState.decisions).toHaveLength(1);
    } finally {
      await worker.close();
      await stack.stopApi(api);
    }
  }, 60_000);
});
