// The queue board (/admin/queues): admins only, through a cookie the app trades for its bearer token;
// it lists the moderation queue, shows a real failed job and retries it; everyone else is refused.

import type { ModerationWorker } from "@chatmod/worker/worker";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "../helpers/graphql.ts";
import { LOGIN, LOGOUT, MAKE_MODERATOR, SEND_MESSAGE } from "../helpers/operations.ts";
import { signUp, TEST_ADMIN, type TestApi, TestStack } from "../helpers/stack.ts";
import {
  connectSql,
  failedJob,
  memberInRoom,
  startEnqueuer,
  startWorker,
  type TestQueue,
  testQueue,
  waitFor,
  waitForVerdict,
} from "../moderation/worker-support.ts";

const ORIGIN = "http://allowed.example";
const BOARD = "/admin/queues";

let stack: TestStack;
let api: TestApi & { admin: GraphQLClient };
let sql: pg.Client;
let inspect: TestQueue;
const workers: ModerationWorker[] = [];

beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApiWithAdmin();
  sql = await connectSql(stack.databaseUrl);
  inspect = testQueue(stack);
});
afterAll(async () => {
  await Promise.allSettled(workers.map((worker) => worker.close()));
  await inspect?.close();
  await sql?.end();
  await stack?.close();
});

/** Trades a bearer token for the board's cookie, as the app does. */
function exchange(url: string, token: string | null, origin = ORIGIN) {
  return fetch(`${url}${BOARD}/session`, {
    method: "POST",
    headers: { origin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

/** The `name=value` part of the board's Set-Cookie. */
async function boardCookie(url: string, token: string | null): Promise<string> {
  const response = await exchange(url, token);
  expect(response.status).toBe(200);
  return (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
}

function board(path: string, cookie: string | null, init: RequestInit & { origin?: string } = {}, url = api.url) {
  const { origin, ...rest } = init;
  return fetch(`${url}${BOARD}${path}`, {
    ...rest,
    headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
  });
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  return body.errors[0];
}

type QueueJson = {
  name: string;
  counts: Record<string, number>;
  jobs: { id: string; failedReason?: string; data: unknown }[];
};
async function moderationQueue(cookie: string, status = "latest"): Promise<QueueJson> {
  const response = await board(`/api/queues?activeQueue=moderation&status=${status}&page=1&jobsPerPage=50`, cookie);
  expect(response.status).toBe(200);
  const { queues } = (await response.json()) as { queues: QueueJson[] };
  return queues.find((queue) => queue.name === "moderation") as QueueJson;
}

const adminToken = async () => (await api.client.ok(LOGIN, { input: TEST_ADMIN })).login.token;

describe("queue board", () => {
  it("lets an admin in through a short-lived, HttpOnly, SameSite=Strict cookie scoped to the board", async () => {
    const response = await exchange(api.url, await adminToken());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${BOARD}/` });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^chatmod_queue_board=[\w-]{43}; /);
    const attributes = (cookie ?? "").split("; ").slice(1);
    expect(attributes).toEqual(["Path=/admin/queues", "Max-Age=900", "HttpOnly", "SameSite=Strict"]);

    const page = await board("/", (cookie ?? "").split(";")[0] ?? "");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/" />');
    expect(html).not.toContain("fonts.googleapis.com");

    // Its bundle, from the board's own path, with the type nosniff requires.
    const script = /src="(static\/js\/main\.[0-9a-f]+\.js)"/.exec(html)?.[1];
    const asset = await board(`/${script}`, (cookie ?? "").split(";")[0] ?? "");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await board("/static/../../package.json", (cookie ?? "").split(";")[0] ?? "").then((r) => r.status)).toBe(
      404,
    );
  });

  it("lists the moderation queue with its counts", async () => {
    const cookie = await boardCookie(api.url, await adminToken());
    const { room, alice } = await memberInRoom(api);
    // Only the worker's enqueueing half runs: the message's job waits.
    const enqueuer = startEnqueuer(stack, inspect.queue);
    const message = await alice.client.ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "hello board", clientId: crypto.randomUUID() },
    });
    await waitFor("the job to be enqueued", async () => ((await inspect.queue.getWaitingCount()) > 0 ? true : null));
    await enqueuer.close();
    const queue = await moderationQueue(cookie, "waiting");
    expect(queue.counts).toMatchObject({ waiting: 1, active: 0, failed: 0, delayed: 0 });
    expect(queue.jobs.map((job) => job.data)).toContainEqual({
      messages: [expect.objectContaining({ messageId: message.sendMessage.id })],
    });
    // Settle it, so the next test starts from an empty queue.
    workers.push(startWorker(stack));
    await waitForVerdict(sql, message.sendMessage.id);
  });

  it("shows a failed job with its reason, and its retry puts it back so it is processed", async () => {
    const cookie = await boardCookie(api.url, await adminToken());
    const { alice, room } = await memberInRoom(api);
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    const { jobId, messageId } = await failedJob(stack, inspect, sql, room.id, alice.user.id);

    const queue = await moderationQueue(cookie, "failed");
    expect(queue.counts["failed"]).toBe(1);
    const failed = queue.jobs.find((job) => job.id === jobId);
    expect(failed?.failedReason).toMatch(/no_such_database/);

    // A sound worker that would not retry it on its own (the sweep waits a minute for failed jobs).
    workers.push(startWorker(stack, { OUTBOX_RETRY_FAILED_AFTER_MS: "600000" }));
    const retry = await board(`/api/queues/moderation/${jobId}/retry`, cookie, { method: "PUT", origin: ORIGIN });
    expect(retry.status).toBe(204);
    const state = await waitForVerdict(sql, messageId);
    expect(state.status).toBe("REJECTED");
    await waitFor("the job to complete", async () =>
      (await inspect.queue.getJobState(jobId)) === "completed" ? true : null,
    );
    expect((await moderationQueue(cookie, "failed")).counts["failed"]).toBe(0);
  });

  it("refuses a state-changing request from a foreign origin or none, and actions it does not allow", async () => {
    const cookie = await boardCookie(api.url, await adminToken());
    for (const origin of ["http://evil.example", undefined]) {
      const response = await board("/api/queues/moderation/retry/failed", cookie, {
        method: "PUT",
        ...(origin ? { origin } : {}),
      });
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({
        message: "This request must come from the app's own origin.",
        extensions: { code: "FORBIDDEN" },
      });
    }
    const exchangeFromElsewhere = await exchange(api.url, await adminToken(), "http://evil.example");
    expect(exchangeFromElsewhere.status).toBe(403);
    expect(exchangeFromElsewhere.headers.getSetCookie()).toEqual([]);

    for (const [method, path] of [
      ["PUT", "/api/queues/moderation/pause"],
      ["PUT", "/api/queues/pause"],
      ["PUT", "/api/queues/moderation/empty"],
      ["PUT", "/api/queues/moderation/clean/waiting"],
      ["POST", "/api/queues/moderation/add"],
    ] as const) {
      const response = await board(path, cookie, { method, origin: ORIGIN });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect((await errorOf(response))?.extensions.code).toBe("FORBIDDEN");
    }
    expect(await inspect.queue.isPaused()).toBe(false);
  });

  it("refuses anonymous callers, members and moderators", async () => {
    expect((await board("/", null)).status).toBe(401);
    const anonymous = await board("/api/queues", null);
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous))?.extensions.code).toBe("UNAUTHENTICATED");
    expect((await board("/api/queues", "chatmod_queue_board=forged")).status).toBe(401);
    expect((await exchange(api.url, null)).status).toBe(401);
    expect((await exchange(api.url, "not-a-session")).status).toBe(401);

    const member = await signUp(api.client);
    const asMember = await exchange(api.url, member.token);
    expect(asMember.status).toBe(403);
    expect(await errorOf(asMember)).toEqual({ message: "Admins only.", extensions: { code: "FORBIDDEN" } });
    expect(asMember.headers.getSetCookie()).toEqual([]);

    const moderator = await signUp(api.client);
    await api.admin.ok(MAKE_MODERATOR, { id: moderator.user.id });
    expect((await exchange(api.url, moderator.token)).status).toBe(403);
  });

  it("ends access at once on logout, on a revoked session and on demotion", async () => {
    const token = await adminToken();
    const cookie = await boardCookie(api.url, token);
    expect((await board("/api/queues", cookie)).status).toBe(200);
    await api.client.as(token).ok(LOGOUT);
    const afterLogout = await board("/api/queues", cookie);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.headers.getSetCookie()[0]).toMatch(/^chatmod_queue_board=; Path=\/admin\/queues; Max-Age=0;/);

    const revokedToken = await adminToken();
    const revoked = await boardCookie(api.url, revokedToken);
    await sql.query(
      `UPDATE "Session" SET "revokedAt" = now() WHERE "userId" = (SELECT id FROM "User" WHERE username = $1)`,
      [TEST_ADMIN.username],
    );
    expect((await board("/", revoked)).status).toBe(401);

    // A second admin (made in Postgres: admins come from the deployment), then demoted.
    const second = await signUp(api.client);
    await sql.query(`UPDATE "User" SET role = 'ADMIN' WHERE id = $1`, [second.user.id]);
    const promoted = await boardCookie(api.url, second.token);
    expect((await board("/api/queues", promoted)).status).toBe(200);
    await sql.query(`UPDATE "User" SET role = 'MEMBER' WHERE id = $1`, [second.user.id]);
    const demoted = await board("/api/queues", promoted);
    expect(demoted.status).toBe(403);
    expect(await errorOf(demoted)).toEqual({ message: "Admins only.", extensions: { code: "FORBIDDEN" } });
  });

  it("refuses an expired cookie", async () => {
    const short = await stack.startApi({ QUEUE_BOARD_TICKET_SECONDS: "1" });
    const login = await short.client.ok(LOGIN, { input: TEST_ADMIN });
    const response = await exchange(short.url, login.login.token);
    expect(response.headers.getSetCookie()[0]).toContain("; Max-Age=1;");
    const cookie = (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    expect((await board("/api/queues", cookie, {}, short.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // The browser would have dropped it by now; one that sends it anyway is refused.
    expect((await board("/api/queues", cookie, {}, short.url)).status).toBe(401);
  });
});
