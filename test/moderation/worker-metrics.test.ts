// The worker's Prometheus metrics, scraped as Prometheus would: the queue's depth while no worker
// consumes it, then verdicts by outcome, send-to-verdict latency and batch sizes.

import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/free-port.ts";
import { scrape } from "../helpers/metrics.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { memberInRoom, owedAt, send, startEnqueuer, startWorker, waitFor, waitForVerdict } from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
const workers: ModerationWorker[] = [];
afterAll(() => Promise.all(workers.map((worker) => worker.close())));

async function workerWithMetrics() {
  const worker = startWorker(api.stack);
  workers.push(worker);
  return { worker, url: await worker.startMetrics(await freePort(), "127.0.0.1") };
}

describe("worker metrics", () => {
  it("show the queue's depth, then each verdict by outcome with its latency and batch", async () => {
    // A worker that takes nothing (its intake and its BullMQ consumer closed) still reports both.
    const watcher = await workerWithMetrics();
    await watcher.worker.owed.close();
    await watcher.worker.worker.close();
    const idle = await scrape(watcher.url);
    expect(idle.value("chatmod_moderation_queue_jobs", { state: "waiting" })).toBe(0);
    expect(idle.value("chatmod_moderation_owed_requests")).toBe(0);
    expect(idle.text).toContain('service="worker"');
    expect(idle.has("nodejs_eventloop_lag_seconds")).toBe(true);
    expect((await fetch(watcher.url.replace(/\/metrics$/, "/"))).status).toBe(404);

    const { alice, room } = await memberInRoom(api);
    const texts = ["Good morning everyone, lovely weather today", "this is fucking annoying", "I will kill you"];
    const sendOne = async (text: string) => {
      const message = await send(alice.client, room.id, text);
      return { ...message, owedAt: await owedAt(sql, message.id) };
    };
    // The first request waits in the owed list: nothing takes it yet.
    const sent = [await sendOne(texts[0]!)];
    await waitFor("a request in the owed list", async () =>
      (await scrape(watcher.url)).value("chatmod_moderation_owed_requests") === 1 ? true : null,
    );
    // Then only the enqueueing half runs, each message taken alone: three jobs wait.
    const enqueuer = startEnqueuer(api.stack, inspect.queue);
    const waitingJobs = (count: number) =>
      waitFor(`${count} waiting jobs in the scrape`, async () =>
        (await scrape(watcher.url)).value("chatmod_moderation_queue_jobs", { state: "waiting" }) === count
          ? true
          : null,
      );
    await waitingJobs(1);
    for (const text of texts.slice(1)) {
      sent.push(await sendOne(text));
      await waitingJobs(sent.length);
    }
    await enqueuer.close();
    expect((await scrape(watcher.url)).value("chatmod_moderation_owed_requests")).toBe(0);

    const { url } = await workerWithMetrics();
    for (const message of sent) await waitForVerdict(sql, message.id);
    const after = await waitFor("three verdicts in the scrape", async () => {
      const now = await scrape(url);
      return now.value("chatmod_moderation_verdicts_total") === 3 ? now : null;
    });
    for (const outcome of ["APPROVED", "FLAGGED", "REJECTED"])
      expect(after.value("chatmod_moderation_verdicts_total", { outcome }), outcome).toBe(1);
    expect(after.value("chatmod_send_to_verdict_seconds_count")).toBe(3);
    expect(after.value("chatmod_send_to_verdict_seconds_sum")).toBeGreaterThan(0);
    expect(after.value("chatmod_send_to_verdict_seconds_sum")).toBeLessThan(60);
    // Three jobs waiting together: one batch or a few, three jobs in all.
    expect(after.value("chatmod_moderation_batch_size_sum")).toBe(3);
    expect(after.value("chatmod_moderation_batch_size_count")).toBeGreaterThanOrEqual(1);
    expect(after.value("chatmod_pg_pool_connections", { pool: "batches", state: "total" })).toBeGreaterThan(0);
    const drained = await scrape(watcher.url);
    expect(drained.value("chatmod_moderation_queue_jobs", { state: "waiting" })).toBe(0);
    expect(drained.value("chatmod_moderation_queue_jobs", { state: "failed" })).toBe(0);

    // The same message version once more (a duplicate job): nothing is owed any more, so it is skipped.
    const first = sent[0]!;
    await inspect.queue.add(
      "moderate",
      { messages: [{ messageId: first.id, owedAt: first.owedAt.toISOString() }] },
      { jobId: `again-${crypto.randomUUID()}` },
    );
    const skipped = await waitFor("a skipped job in the scrape", async () => {
      const now = await scrape(url);
      return now.value("chatmod_moderation_verdicts_total", { outcome: "skipped" }) === 1 ? now : null;
    });
    expect(skipped.value("chatmod_send_to_verdict_seconds_count")).toBe(3);
  });
});
