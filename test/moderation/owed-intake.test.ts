// How moderation owed by a send reaches the queue: the API pushes the version onto a Redis list
// after the commit (core/moderation-owed.ts, the send path's only other Redis command is the
// room's publish), and the worker pops it and makes the jobs (worker/owed-intake.ts).
import { enqueueOwed, moderationJobId } from "@chatmod/core/moderation-jobs";
import { owedListKey, parseOwedEntry } from "@chatmod/core/moderation-owed";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRoom, REDIS_URL, signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { EDIT, owedAt, send, startEnqueuer, waitFor } from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
const redis = new Redis(REDIS_URL);
afterAll(() => redis.quit());
const key = () => owedListKey(api.stack.redisPrefix);

/** The versions waiting in the owed list. */
async function owedList() {
  return (await redis.lrange(key(), 0, -1)).map(parseOwedEntry);
}

/** The jobs, waiting or not, that carry this message. */
async function jobsCarrying(messageId: string) {
  const jobs = await inspect.queue.getJobs(["waiting", "active", "completed", "failed", "delayed"]);
  return jobs.filter((job) => job?.data.messages.some((message) => message.messageId === messageId));
}

describe("moderation owed, from the send to the queue", () => {
  it("a send and an edit each push their version; what nobody takes waits in the list", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const message = await send(alice.client, room.id, "typo");
    const sentAt = await owedAt(sql, message.id);
    await alice.client.ok(EDIT, { id: message.id, text: "fixed" });
    const editedAt = await owedAt(sql, message.id);
    await waitFor("both versions", async () => ((await owedList()).length >= 2 ? true : null));
    expect((await owedList()).filter((version) => version?.messageId === message.id)).toEqual([
      { messageId: message.id, owedAt: sentAt },
      { messageId: message.id, owedAt: editedAt },
    ]);
    expect(editedAt.getTime()).toBeGreaterThan(sentAt.getTime());

    // A worker starting later takes them (the first version finds its job superseded by the edit).
    const intake = startEnqueuer(api.stack, inspect.queue);
    await waitFor("the list to be taken", async () => ((await redis.llen(key())) === 0 ? true : null));
    await intake.close();
    expect((await jobsCarrying(message.id)).flatMap((job) => job!.data.messages)).toEqual([
      { messageId: message.id, owedAt: sentAt.toISOString() },
      { messageId: message.id, owedAt: editedAt.toISOString() },
    ]);
  });

  it("makes one job of the versions it takes together, and one alone under its version's id", async () => {
    const { requestModeration } = api.app.services;
    const owed = new Date();
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    // One turn of the event loop: one push of five entries.
    await Promise.all(ids.map((id) => requestModeration(id, owed)));
    expect((await owedList()).map((version) => version?.messageId)).toEqual(ids);
    const intake = startEnqueuer(api.stack, inspect.queue);
    const together = await waitFor("the job of five", () =>
      inspect.queue.getJob(`${moderationJobId(ids[0]!, owed)}-x5`),
    );
    await intake.close();
    expect(together.data).toEqual({ messages: ids.map((messageId) => ({ messageId, owedAt: owed.toISOString() })) });

    // A version alone (as the outbox sweep enqueues it) has its own id: the same again changes nothing.
    const alone = { messageId: crypto.randomUUID(), owedAt: owed };
    await enqueueOwed(inspect.queue, [alone]);
    await enqueueOwed(inspect.queue, [alone]);
    expect(await jobsCarrying(alone.messageId)).toHaveLength(1);
    expect((await jobsCarrying(alone.messageId))[0]!.id).toBe(moderationJobId(alone.messageId, owed));
  });

  it("gives each version to one worker when several take from the list", async () => {
    const { requestModeration } = api.app.services;
    const intakes = [startEnqueuer(api.stack, inspect.queue), startEnqueuer(api.stack, inspect.queue)];
    const ids: string[] = [];
    for (let round = 0; round < 30; round++) {
      const batch = Array.from({ length: 10 }, () => crypto.randomUUID());
      ids.push(...batch);
      await Promise.all(batch.map((id) => requestModeration(id, new Date())));
    }
    await waitFor("the list to be taken", async () => ((await redis.llen(key())) === 0 ? true : null));
    await Promise.all(intakes.map((intake) => intake.close()));
    const jobs = await inspect.queue.getJobs(["waiting"]);
    const carried = jobs.flatMap((job) => job!.data.messages.map((message) => message.messageId));
    const wanted = new Set(ids);
    expect(carried.filter((id) => wanted.has(id)).sort()).toEqual([...ids].sort());
  });

  it("skips an entry that is not one, and enqueues the rest", async () => {
    const messageId = crypto.randomUUID();
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    await redis.rpush(key(), "nonsense", `${messageId} 1765000000123 ${traceparent}`, `${messageId} soon`);
    const intake = startEnqueuer(api.stack, inspect.queue);
    const [job] = await waitFor("its job", async () => {
      const jobs = await jobsCarrying(messageId);
      return jobs.length > 0 ? jobs : null;
    });
    await intake.close();
    expect(job!.data.messages).toEqual([
      { messageId, owedAt: new Date(1765000000123).toISOString(), trace: { traceparent } },
    ]);
    expect(await redis.llen(key())).toBe(0);
  });
});
