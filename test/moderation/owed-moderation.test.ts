// The worker moderates what it takes from the owed list at once (worker/owed-moderation.ts): no
// BullMQ job on the way; what fails becomes jobs, run alone after the backoff.
import { enqueueOwed, moderationJobId } from "@chatmod/core/moderation-jobs";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterEach, describe, expect, it } from "vitest";
import { scrape } from "../helpers/metrics.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { failAuditRows, moderationState, send, startWorker, waitFor, waitForVerdict } from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
let worker: ModerationWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await sql.query(`DROP TRIGGER IF EXISTS fail_batch ON "ModerationDecision"`);
});

/** Every job, in any state, that carries one of these messages. */
async function jobsCarrying(messageIds: string[]) {
  const jobs = await inspect.queue.getJobs(["waiting", "active", "completed", "failed", "delayed"]);
  return jobs.filter((job) => job?.data.messages.some((message) => messageIds.includes(message.messageId)));
}

describe("owed moderation, straight from the owed list", () => {
  it("stores each verdict once with no job in the queue", async () => {
    worker = startWorker(api.stack);
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const texts = ["good morning everyone", "this is fucking annoying", "I will kill you"];
    const sent = await Promise.all(texts.map((text) => send(alice.client, room.id, text)));
    const states = [];
    for (const { id } of sent) states.push(await waitForVerdict(sql, id));
    expect(states.map((state) => state.status)).toEqual(["APPROVED", "FLAGGED", "REJECTED"]);
    for (const state of states) {
      expect(state).toMatchObject({ outbox: 0 });
      expect(state.decisions).toHaveLength(1);
      expect(state.moderatedEvents).toHaveLength(1);
    }
    expect(await jobsCarrying(sent.map(({ id }) => id))).toEqual([]);
  });

  it("makes jobs of a failed batch's versions: each runs alone, the others are stored, the culprit fails by itself", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    // Sent before the worker starts, so it takes them together into one batch.
    const sent = [];
    for (let index = 0; index < 5; index++) sent.push(await send(alice.client, room.id, `hello number ${index}`));
    const culprit = sent[2]!;
    await failAuditRows(sql, culprit.id);
    worker = startWorker(api.stack);
    const metricsUrl = await worker.startMetrics(0, "127.0.0.1");

    const ids = sent.map(({ id }) => id);
    const jobs = await waitFor("the failed versions' jobs", async () => {
      const carrying = await jobsCarrying(ids);
      return carrying.flatMap((job) => job!.data.messages).length === ids.length ? carrying : null;
    });
    for (const job of jobs) expect(job!.data.failedBefore).toBe(true);
    for (const { id } of sent.filter((one) => one !== culprit)) {
      const state = await waitForVerdict(sql, id);
      expect(state).toMatchObject({ status: "APPROVED", outbox: 0 });
      expect(state.decisions).toHaveLength(1);
      expect(state.moderatedEvents).toHaveLength(1);
    }
    // One batch held more than two versions: the worker's own, which failed. Its jobs ran each version
    // alone (batches of one); run together, the culprit would have sunk the four others a second time.
    const batches = await scrape(metricsUrl);
    const sizeOf = (le: string) => batches.value("chatmod_moderation_batch_size_bucket", { le });
    expect(batches.value("chatmod_moderation_batch_size_count") - sizeOf("2")).toBe(1);
    const culpritJob = jobs.find((job) => job!.data.messages.some((message) => message.messageId === culprit.id))!;
    const failedOnce = await waitFor("the culprit's job to fail once", async () => {
      const job = await inspect.queue.getJob(culpritJob.id!);
      return job && job.attemptsMade >= 1 ? job : null;
    });
    expect(failedOnce.failedReason).toMatch(/audit refused/);
    expect(await moderationState(sql, culprit.id)).toMatchObject({ status: "PENDING", outbox: 1, decisions: [] });

    // Once Postgres takes it, the queue's retry stores it too.
    await sql.query(`DROP TRIGGER fail_batch ON "ModerationDecision"`);
    const state = await waitForVerdict(sql, culprit.id, 15_000);
    expect(state.decisions).toHaveLength(1);
  });

  it("names the jobs it makes: several after the first and their count, one alone after its version", async () => {
    const owed = new Date();
    const versions = Array.from({ length: 5 }, () => ({ messageId: crypto.randomUUID(), owedAt: owed }));
    await enqueueOwed(inspect.queue, versions, { failedBefore: true });
    const together = await inspect.queue.getJob(`${moderationJobId(versions[0]!.messageId, owed)}-x5`);
    expect(together?.data).toEqual({
      messages: versions.map(({ messageId }) => ({ messageId, owedAt: owed.toISOString() })),
      failedBefore: true,
    });
    expect(together?.opts.delay).toBeGreaterThan(0);

    // A version alone (as the outbox sweep enqueues it) has its own id: the same again changes nothing.
    const alone = { messageId: crypto.randomUUID(), owedAt: owed };
    await enqueueOwed(inspect.queue, [alone]);
    await enqueueOwed(inspect.queue, [alone]);
    const jobs = await jobsCarrying([alone.messageId]);
    expect(jobs.map((job) => job!.id)).toEqual([moderationJobId(alone.messageId, owed)]);
    expect(jobs[0]!.data.failedBefore).toBeUndefined();
  });
});
