import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { LOGOUT, MAKE_MODERATOR } from "../helpers/operations.ts";
import { recordStatements } from "../helpers/sql-statements.ts";
import { signUp, type TestApi, TestStack } from "../helpers/stack.ts";

const ME = gql<{ me: { id: string } | null }>(`{ me { id } }`);
const QUEUE = gql<{ moderationQueue: { edges: { cursor: string }[] } }>(
  `{ moderationQueue(first: 1, status: FLAGGED) { edges { cursor } } }`,
);
// Long enough that only the change reaching the replica can explain what the tests see.
const REMEMBER = { SESSION_CACHE_MS: String(10 * 60_000) };

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: TestApi["client"];
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin(REMEMBER));
  b = await stack.startApi(REMEMBER);
});
afterAll(() => stack.close());

/** Asks until `check` passes or two seconds are gone, then asserts it once more. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  await check();
}

describe("remembered sessions", () => {
  it("reads a session once for repeated requests", async () => {
    const alice = await signUp(b.client);
    const recorded = recordStatements();
    try {
      for (let i = 0; i < 3; i++) expect((await b.client.as(alice.token).ok(ME)).me?.id).toBe(alice.user.id);
    } finally {
      recorded.stop();
    }
    expect(recorded.statements.filter((sql) => sql.includes(`FROM "Session"`))).toHaveLength(1);
  });

  it("ends a logged-out session on every replica at once", async () => {
    const bob = await signUp(a.client);
    expect((await b.client.as(bob.token).ok(ME)).me?.id).toBe(bob.user.id);
    await a.client.as(bob.token).ok(LOGOUT);
    expect((await a.client.as(bob.token).ok(ME)).me).toBeNull();
    await eventually(async () => expect((await b.client.as(bob.token).ok(ME)).me).toBeNull());
  });

  it("applies a new role on every replica at once", async () => {
    const carol = await signUp(a.client);
    expect(await b.client.as(carol.token).errorCode(QUEUE)).toBe("FORBIDDEN");
    await admin.ok(MAKE_MODERATOR, { id: carol.user.id });
    await eventually(async () => expect((await b.client.as(carol.token).ok(QUEUE)).moderationQueue).toBeDefined());
    expect((await a.client.as(carol.token).ok(QUEUE)).moderationQueue).toBeDefined();
  });

  it("forgets everything when its Redis connection comes back (changes may have been missed)", async () => {
    const dave = await signUp(b.client);
    expect(await b.client.as(dave.token).errorCode(QUEUE)).toBe("FORBIDDEN");
    // Changed behind the API's back: no replica is told.
    await b.app.services.db.user.update({ where: { id: dave.user.id }, data: { role: "MODERATOR" } });
    expect(await b.client.as(dave.token).errorCode(QUEUE)).toBe("FORBIDDEN");

    const subscriber = b.app.services.events.subscribeClient!;
    const back = new Promise((resolve) => subscriber.once("ready", resolve));
    subscriber.disconnect(true);
    await back;
    expect((await b.client.as(dave.token).ok(QUEUE)).moderationQueue).toBeDefined();
  });
});
