// Faults the worker must survive without losing or doubling a verdict: a lost
// enqueue, duplicate and stale jobs, a moderator who decided first, a failed job.

import { enqueueModeration, moderationJobId } from "@chatmod/core/moderation-jobs";
import { BATCH_CONNECTION_NAME } from "@chatmod/worker/postgres";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterEach, describe, expect, it } from "vitest";
import { signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import {
  completedJob,
  dropOwedRequests,
  EDIT,
  insertOwedMessage,
  memberInRoom,
  moderationState,
  owedAt,
  send,
  startWorker,
  waitFor,
  waitForVerdict,
} from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
let worker: ModerationWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

const completed = (id: string) => completedJob(inspect, id);

describe("moderation worker under faults", () => {
  it("moderates a message whose enqueue never happened (the API died after commit): the outbox sweep", async () => {
    const { alice, room } = await memberInRoom(api);
    const owed = await insertOwedMessage(sql, room.id, alice.user.id, "you stupid bitch, I hate you");
    expect(await inspect.queue.getJob(moderationJobId(owed.id, owed.owedAt))).toBeUndefined();

    worker = startWorker(api.stack, { OUTBOX_SWEEP_INTERVAL_MS: "200", OUTBOX_SWEEP_AGE_MS: "300" });
    const state = await waitForVerdict(sql, owed.id);
    expect(state).toMatchObject({ status: "FLAGGED", outbox: 0, moderatedEvents: [owed.seq + 1] });
    expect(state.decisions).toHaveLength(1);
    const job = await completed(moderationJobId(owed.id, owed.owedAt));
    expect(job.returnvalue).toEqual({ applied: true, status: "FLAGGED", seq: owed.seq + 1 });
  });

  it("gives one verdict for duplicate jobs and skips the job of a version that was edited away", async () => {
    const { alice, room } = await memberInRoom(api);
    const message = await send(alice.client, room.id, "lovely to meet you all");
    const firstOwed = await owedAt(sql, message.id);
    await alice.client.ok(EDIT, { id: message.id, text: "this is fucking annoying" });
    const secondOwed = await owedAt(sql, message.id);
    expect(secondOwed.getTime()).toBeGreaterThan(firstOwed.getTime());
    // This is about the queue's jobs: the API's requests on the owed list are dropped, so the
    // worker gets both versions only as jobs (enqueued, say, by sweeps), and one of them twice.
    await dropOwedRequests(api.stack);
    await enqueueModeration(inspect.queue, message.id, firstOwed);
    await enqueueModeration(inspect.queue, message.id, secondOwed);
    await enqueueModeration(inspect.queue, message.id, secondOwed);
    expect(await inspect.queue.getJobCounts("wait")).toEqual({ wait: 2 });

    worker = startWorker(api.stack);
    const state = await waitForVerdict(sql, message.id);
    const stale = await completed(moderationJobId(message.id, firstOwed));
    const current = await completed(moderationJobId(message.id, secondOwed));
    // Both may run at once; whichever order, the stale one stores nothing.
    expect(["superseded", "not-owed"]).toContain(stale.returnvalue.applied ? "applied" : stale.returnvalue.reason);
    expect(current.returnvalue).toMatchObject({ applied: true, status: "FLAGGED" });
    expect(state.status).toBe("FLAGGED");
    expect(state.decisions.map((decision) => decision.toStatus)).toEqual(["FLAGGED"]);
    expect(state.moderatedEvents).toHaveLength(1);

    // The old version's job once more, after everything settled (say, re-added after Redis evicted it).
    await stale.remove();
    await enqueueModeration(inspect.queue, message.id, firstOwed);
    const again = await completed(moderationJobId(message.id, firstOwed));
    expect(again.returnvalue).toEqual({ applied: false, reason: "not-owed" });
    expect(await moderationState(sql, message.id)).toMatchObject({
      status: "FLAGGED",
      decisions: [expect.objectContaining({ toStatus: "FLAGGED" })],
      moderatedEvents: state.moderatedEvents,
    });
  });

  it("never overwrites a moderator's decision with a late automatic verdict", async () => {
    const { alice, room } = await memberInRoom(api);
    const moderator = await signUp(api.client);
    const message = await send(alice.client, room.id, "have a wonderful day");
    // The moderator rejects it before the worker gets to it. The outbox row is left on
    // purpose (the worst case): the worker's own check must be enough.
    await sql.query("BEGIN");
    await sql.query(`UPDATE "Message" SET "moderationStatus" = 'REJECTED', "moderatedAt" = now() WHERE id = $1`, [
      message.id,
    ]);
    const { rows } = await sql.query(`UPDATE "Room" SET "lastSeq" = "lastSeq" + 1 WHERE id = $1 RETURNING "lastSeq"`, [
      room.id,
    ]);
    await sql.query(
      `INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId") VALUES ($1, $2, 'MESSAGE_MODERATED', $3)`,
      [room.id, rows[0].lastSeq, message.id],
    );
    await sql.query(
      `INSERT INTO "ModerationDecision" (id, "messageId", "moderatorId", "fromStatus", "toStatus", reason)
       VALUES (gen_random_uuid(), $1, $2, 'PENDING', 'REJECTED', 'spam')`,
      [message.id, moderator.user.id],
    );
    await sql.query("COMMIT");

    worker = startWorker(api.stack);
    // The worker settles the version without a verdict: its outbox row goes, nothing else changes.
    const state = await waitFor("the owed version settled", async () => {
      const now = await moderationState(sql, message.id);
      return now.outbox === 0 ? now : null;
    });
    expect(state).toMatchObject({
      status: "REJECTED",
      moderation: null,
      outbox: 0,
      moderatedEvents: [rows[0].lastSeq],
    });
    expect(state.decisions).toEqual([
      expect.objectContaining({ moderatorId: moderator.user.id, toStatus: "REJECTED", reason: "spam" }),
    ]);
  });

  it("keeps moderating after Postgres drops the worker's connections (a restart)", async () => {
    const { alice, room } = await memberInRoom(api);
    worker = startWorker(api.stack);
    const before = await send(alice.client, room.id, "hello before the drop");
    expect((await waitForVerdict(sql, before.id)).status).toBe("APPROVED");
    const { rows } = await sql.query(
      `SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = $1`,
      [BATCH_CONNECTION_NAME],
    );
    expect(rows.length).toBeGreaterThan(0);
    const after = await send(alice.client, room.id, "this is fucking annoying");
    const state = await waitForVerdict(sql, after.id);
    expect(state).toMatchObject({ status: "FLAGGED", outbox: 0 });
    expect(state.decisions).toHaveLength(1);
  });

  it("retries, from the sweep, a job that failed for good while its moderation is still owed", async () => {
    const { alice, room } = await memberInRoom(api);
    const owed = await insertOwedMessage(sql, room.id, alice.user.id, "I will kill you");
    const jobId = moderationJobId(owed.id, owed.owedAt);
    // A job that cannot succeed as it stands; once "fixed" (think: Postgres back) it could.
    await inspect.queue.add(
      "moderate",
      { messages: [{ messageId: owed.id, owedAt: "yesterday" }] },
      { jobId, attempts: 1 },
    );
    worker = startWorker(api.stack, { OUTBOX_SWEEP_AGE_MS: "60000" });
    const failed = await waitFor("the job to fail", async () => {
      const job = await inspect.queue.getJob(jobId);
      return job && (await job.isFailed()) ? job : null;
    });
    await failed.updateData({ messages: [{ messageId: owed.id, owedAt: owed.owedAt.toISOString() }] });
    await worker.close();

    worker = startWorker(api.stack, { OUTBOX_SWEEP_AGE_MS: "0", OUTBOX_RETRY_FAILED_AFTER_MS: "100" });
    const state = await waitForVerdict(sql, owed.id);
    expect(state.status).toBe("REJECTED");
    expect(state.decisions).toHaveLength(1);
    expect((await completed(jobId)).returnvalue).toMatchObject({ applied: true, status: "REJECTED" });
  });
});
