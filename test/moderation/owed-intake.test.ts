// How moderation owed by a send reaches the worker: the API pushes the version onto a Redis list
// after the commit (core/moderation-owed.ts, the send path's only other Redis command is the
// room's publish), and the worker pops it and hands it on (worker/owed-intake.ts), never holding
// more than its capacity.
import { type OwedVersion, owedListKey, parseOwedEntry } from "@chatmod/core/moderation-owed";
import { createLogger } from "@chatmod/worker/logger";
import { startOwedIntake } from "@chatmod/worker/owed-intake";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRoom, REDIS_URL, signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { EDIT, owedAt, send, waitFor } from "./worker-support.ts";

const { api, sql } = workerStackForFile();
const redis = new Redis(REDIS_URL);
afterAll(() => redis.quit());
const key = () => owedListKey(api.stack.redisPrefix);

/** The versions waiting in the owed list. */
async function owedList() {
  return (await redis.lrange(key(), 0, -1)).map(parseOwedEntry);
}

/**
 * An intake whose `take` records what it is given and settles it when the test says (at once by
 * default). close() also closes its connection.
 */
function recordingIntake({ capacity = 1_000, settleAtOnce = true } = {}) {
  const connection = new Redis(REDIS_URL);
  const taken: OwedVersion[][] = [];
  const settlers: (() => void)[] = [];
  const intake = startOwedIntake({
    connection,
    redisPrefix: api.stack.redisPrefix,
    take: async (versions) => {
      taken.push(versions);
      if (!settleAtOnce) await new Promise<void>((resolve) => settlers.push(resolve));
    },
    capacity,
    log: createLogger({ LOG_LEVEL: "silent" }),
  });
  return {
    taken,
    versions: () => taken.flat(),
    settleAll: () => {
      for (const settle of settlers.splice(0)) settle();
    },
    async close() {
      await intake.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

describe("moderation owed, from the send to the worker", () => {
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

    // A worker starting later takes them, in order.
    const intake = recordingIntake();
    await waitFor("the list to be taken", async () => ((await redis.llen(key())) === 0 ? true : null));
    await intake.close();
    expect(intake.versions().filter((version) => version.messageId === message.id)).toEqual([
      { messageId: message.id, owedAt: sentAt },
      { messageId: message.id, owedAt: editedAt },
    ]);
  });

  it("gives each version to one worker when several take from the list", async () => {
    const { requestModeration } = api.app.services;
    const intakes = [recordingIntake(), recordingIntake()];
    const ids: string[] = [];
    for (let round = 0; round < 30; round++) {
      const batch = Array.from({ length: 10 }, () => crypto.randomUUID());
      ids.push(...batch);
      await Promise.all(batch.map((id) => requestModeration(id, new Date())));
    }
    await waitFor("the list to be taken", async () => ((await redis.llen(key())) === 0 ? true : null));
    await Promise.all(intakes.map((intake) => intake.close()));
    const taken = intakes.flatMap((intake) => intake.versions().map((version) => version.messageId));
    expect(taken.sort()).toEqual([...ids].sort());
  });

  it("holds no more than its capacity: the rest waits in the list until what it holds is settled", async () => {
    const { requestModeration } = api.app.services;
    const owed = new Date();
    const ids = Array.from({ length: 10 }, () => crypto.randomUUID());
    await Promise.all(ids.map((id) => requestModeration(id, owed)));
    const intake = recordingIntake({ capacity: 4, settleAtOnce: false });
    try {
      await waitFor("four taken", async () => (intake.versions().length === 4 ? true : null));
      // Nothing more is popped while those four are in hand.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(intake.versions()).toHaveLength(4);
      expect(await redis.llen(key())).toBe(6);

      intake.settleAll();
      await waitFor("four more taken", async () => (intake.versions().length === 8 ? true : null));
      expect(await redis.llen(key())).toBe(2);
      intake.settleAll();
      await waitFor("all taken", async () => (intake.versions().length === 10 ? true : null));
      intake.settleAll();
      expect(intake.versions().map((version) => version.messageId)).toEqual(ids);
    } finally {
      await intake.close();
    }
  });

  it("on close, waits for what it took to be settled", async () => {
    const messageId = crypto.randomUUID();
    await api.app.services.requestModeration(messageId, new Date());
    const intake = recordingIntake({ settleAtOnce: false });
    await waitFor("the version taken", async () => (intake.versions().length === 1 ? true : null));
    let closed = false;
    const closing = intake.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(closed).toBe(false);
    intake.settleAll();
    await closing;
    expect(closed).toBe(true);
  });

  it("skips an entry that is not one, and hands on the rest with their trace context", async () => {
    const messageId = crypto.randomUUID();
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    await redis.rpush(key(), "nonsense", `${messageId} 1765000000123 ${traceparent}`, `${messageId} soon`);
    const intake = recordingIntake();
    await waitFor("its version", async () => (intake.versions().length > 0 ? true : null));
    await intake.close();
    expect(intake.versions()).toEqual([{ messageId, owedAt: new Date(1765000000123), trace: { traceparent } }]);
    expect(await redis.llen(key())).toBe(0);
  });
});
