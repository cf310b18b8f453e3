// The worker as its own process (worker/src/main.ts): SIGKILL in the middle of a
// job or of a request it took, a clean SIGTERM, and a configuration error.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { enqueueModeration, moderationJobId } from "@chatmod/core/moderation-jobs";
import { parseWorkerEnv } from "@chatmod/worker/env";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, describe, expect, it } from "vitest";
import { createRoom, REDIS_URL, signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import {
  completedJob,
  connectSql,
  dropOwedRequests,
  moderationState,
  owedAt,
  send,
  startWorker,
  waitFor,
  waitForVerdict,
} from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `node worker/src/main.ts`, as in production but with the test's database and prefix. */
function spawnWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["worker/src/main.ts"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: {
      PATH: process.env["PATH"] ?? "",
      DATABASE_URL: api.stack.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: api.stack.redisPrefix,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => output };
}

/** Holds a message's row: a worker's batch transaction blocks on it, mid-batch. */
async function holdRow(messageId: string) {
  const blocker = await connectSql(api.stack.databaseUrl);
  await blocker.query("BEGIN");
  await blocker.query(`SELECT 1 FROM "Message" WHERE id = $1 FOR UPDATE`, [messageId]);
  return blocker;
}

/** Once the child's transaction waits for the held row, SIGKILLs it and lets the row go; returns when it was killed. */
async function killWhenBlocked(doomed: ReturnType<typeof spawnWorker>, blocker: Awaited<ReturnType<typeof holdRow>>) {
  await waitFor("the child's transaction to wait for the row lock", async () => {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    return rows[0].waiting > 0;
  });
  doomed.child.kill("SIGKILL");
  const killedAt = performance.now();
  expect(await doomed.exited).toEqual([null, "SIGKILL"]);
  await blocker.query("ROLLBACK");
  await blocker.end();
  return killedAt;
}

describe("moderation worker process", () => {
  it("re-runs a queued job whose worker was SIGKILLed mid-job within 5 s, with the defaults: one verdict, one event, one audit row", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const message = await send(alice.client, room.id, "what a bitch of a day, I hate this");
    const jobId = moderationJobId(message.id, await owedAt(sql, message.id));
    // A job in the queue (a retry, or the sweep's), not the API's request on the owed list.
    await dropOwedRequests(api.stack);
    await enqueueModeration(inspect.queue, message.id, await owedAt(sql, message.id));

    const blocker = await holdRow(message.id);
    // Recovery must come from BullMQ's stalled-job check (its default timings), not from the outbox sweep.
    const doomed = spawnWorker({ OUTBOX_SWEEP_AGE_MS: "600000" });
    await waitFor(
      "the job to be active in the child",
      async () => (await inspect.queue.getJobState(jobId)) === "active",
    );
    const killedAt = await killWhenBlocked(doomed, blocker);
    expect((await moderationState(sql, message.id)).status).toBe("PENDING");

    const worker: ModerationWorker = startWorker(api.stack, { OUTBOX_SWEEP_AGE_MS: "600000" });
    try {
      const state = await waitForVerdict(sql, message.id);
      // Another worker was alive from the kill on: the lock ran out and the stalled check gave it the job.
      expect(performance.now() - killedAt).toBeLessThan(5_000);
      expect(state.status).toBe("FLAGGED");
      expect(state.moderatedEvents).toHaveLength(1);
      expect(state.decisions).toHaveLength(1);
      const job = await completedJob(inspect, jobId);
      expect(await job?.getState()).toBe("completed");
      expect(job?.returnvalue).toMatchObject({ applied: true, status: "FLAGGED" });
      // Started twice: by the killed child, then again after the stalled check put it back.
      expect(job?.attemptsStarted).toBe(2);
      expect(job?.stalledCounter).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it("moderates a request its worker was SIGKILLed holding, from the outbox sweep, with the defaults", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const sentAt = performance.now();
    const message = await send(alice.client, room.id, "what a bitch of a day, I hate this");
    const blocker = await holdRow(message.id);
    const defaults = parseWorkerEnv({});
    const sweep = {
      OUTBOX_SWEEP_AGE_MS: String(defaults.OUTBOX_SWEEP_AGE_MS),
      OUTBOX_SWEEP_INTERVAL_MS: String(defaults.OUTBOX_SWEEP_INTERVAL_MS),
    };
    // The child takes the request from the owed list and moderates it at once: no job anywhere.
    const doomed = spawnWorker(sweep);
    await killWhenBlocked(doomed, blocker);
    expect(await inspect.queue.getJob(moderationJobId(message.id, await owedAt(sql, message.id)))).toBeUndefined();
    expect((await moderationState(sql, message.id)).status).toBe("PENDING");

    const worker: ModerationWorker = startWorker(api.stack, sweep);
    try {
      const state = await waitForVerdict(sql, message.id, 20_000);
      // The sweep enqueues an outbox row once it is OUTBOX_SWEEP_AGE_MS old, at its next round.
      expect(performance.now() - sentAt).toBeLessThan(
        defaults.OUTBOX_SWEEP_AGE_MS + defaults.OUTBOX_SWEEP_INTERVAL_MS + 3_000,
      );
      expect(state.status).toBe("FLAGGED");
      expect(state.moderatedEvents).toHaveLength(1);
      expect(state.decisions).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });

  it("finishes its work and exits 0 on SIGTERM", async () => {
    const worker = spawnWorker({});
    await waitFor("the worker to start", async () => worker.output().includes("moderation worker started"));
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const message = await send(alice.client, room.id, "hello from the process test");
    expect((await waitForVerdict(sql, message.id)).status).toBe("APPROVED");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual([0, null]);
    // Logs are JSON lines.
    const lines = worker.output().trim().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ service: "worker", msg: "message moderated", status: "APPROVED" }),
    );
  });

  it("reports every configuration error at once and exits 1", async () => {
    const worker = spawnWorker({ WORKER_CONCURRENCY: "0", REDIS_URL: "not a url" });
    const [code] = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output()).toMatch(/Invalid configuration:[\s\S]*REDIS_URL[\s\S]*WORKER_CONCURRENCY/);
  });
});
