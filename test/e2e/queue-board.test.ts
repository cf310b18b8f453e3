// The queue board in Chromium: an admin opens it from the Moderation page (a new tab, admitted by
// the cookie the app trades for its token) and sees the moderation queue; nobody else sees the entry.

import type { ModerationWorker } from "@chatmod/worker/worker";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAKE_MODERATOR } from "../helpers/operations.ts";
import { TEST_ADMIN } from "../helpers/stack.ts";
import {
  connectSql,
  failedJob,
  startEnqueuer,
  startWorker,
  type TestQueue,
  testQueue,
  waitFor,
  waitForVerdict,
} from "../moderation/worker-support.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, screenshot, send, signIn, signUp, userIdOf } from "./ui.ts";

let env: BrowserStack;
let sql: pg.Client;
let inspect: TestQueue;
const workers: ModerationWorker[] = [];
beforeAll(async () => {
  env = await BrowserStack.start();
  sql = await connectSql(env.stack.databaseUrl);
  inspect = testQueue(env.stack);
});
afterAll(async () => {
  await Promise.allSettled(workers.map((worker) => worker.close()));
  await inspect?.close();
  await sql?.end();
  await env?.close();
});

describe("queue board", () => {
  it("an admin opens it from Moderation, sees the queue and a failed job's reason, and retries it", async () => {
    const alice = await env.person(env.a);
    await signUp(alice.page, "alice");
    const name = `Board ${Date.now()}`;
    await createRoom(alice.page, name);
    const room = await sql.query(`SELECT id FROM "Room" WHERE name = $1`, [name]);
    // A job that fails for real: the worker that takes it has lost its database.
    const { jobId, messageId } = await failedJob(env.stack, inspect, sql, room.rows[0].id, await userIdOf(alice.page));
    // And one that waits: only the worker's enqueueing half runs now.
    const enqueuer = startEnqueuer(env.stack, inspect.queue);
    await send(alice.page, "a message for the board");
    await waitFor("its job", async () => ((await inspect.queue.getWaitingCount()) > 0 ? true : null));
    await enqueuer.close();

    const admin = await env.person(env.a);
    await admin.page.goto("/sign-in");
    await signIn(admin.page, TEST_ADMIN.username, TEST_ADMIN.password);
    await admin.page.getByRole("link", { name: "Moderation" }).click();
    await admin.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();

    const [board] = await Promise.all([
      admin.context.waitForEvent("page"),
      admin.page.getByRole("button", { name: /^Queue board/ }).click(),
    ]);
    const problems: string[] = [];
    board.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    board.on("pageerror", (error) => problems.push(error.message));
    await board.waitForLoadState();
    expect(new URL(board.url()).pathname).toBe("/admin/queues/");
    // The board lists its queue by name; opening it shows the waiting job.
    await board
      .getByRole("link", { name: /moderation/i })
      .first()
      .click();
    await expect.poll(() => new URL(board.url()).pathname, { timeout: 15_000 }).toBe("/admin/queues/queue/moderation");
    await board.getByText("messages:").first().waitFor({ timeout: 15_000 });

    await board
      .getByRole("link", { name: /^Failed/i })
      .first()
      .click();
    await board
      .getByText(/no_such_database/)
      .first()
      .waitFor({ timeout: 15_000 });
    await screenshot(board, "queue-board");

    workers.push(startWorker(env.stack, { OUTBOX_RETRY_FAILED_AFTER_MS: "600000" }));
    // The board's own PUT, from the app's origin through the proxy: it passes the Origin check.
    await board.getByRole("button", { name: "Retry all" }).click();
    await board.getByRole("button", { name: "Confirm" }).click();
    await waitFor("the retried job to complete", async () =>
      (await inspect.queue.getJobState(jobId)) === "completed" ? true : null,
    );
    expect((await waitForVerdict(sql, messageId)).status).toBe("REJECTED");
    // Its scripts and styles ran under the API's CSP without a violation.
    expect(problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  it("a moderator does not see the entry, and a member who types the address is refused", async () => {
    const moderator = await env.person(env.a);
    await signUp(moderator.page, "mod");
    await (await env.admin()).ok(MAKE_MODERATOR, { id: await userIdOf(moderator.page) });
    await moderator.page.reload();
    await moderator.page.getByRole("link", { name: "Moderation" }).click();
    await moderator.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();
    await moderator.page.getByRole("tab", { name: "Review queue" }).waitFor();
    expect(await moderator.page.getByRole("button", { name: /^Queue board/ }).count()).toBe(0);

    const member = await env.person(env.a);
    await signUp(member.page, "member");
    expect(await member.page.getByRole("button", { name: /^Queue board/ }).count()).toBe(0);
    const refused = await member.page.goto("/admin/queues/");
    expect(refused?.status()).toBe(401);
  });
});
