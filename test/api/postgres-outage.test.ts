// Postgres goes away (a private cluster this test stops, as a crash would) and comes back:
// meanwhile sends fail with a clear, retriable error and /ready says 503; afterwards the API and
// the worker carry on by themselves, and every message acknowledged before is there and moderated.

import { applyMigrations } from "@chatmod/core/migrate";
import type { ModerationWorker } from "@chatmod/worker/worker";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "../helpers/graphql.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { type PrivatePostgres, startPrivatePostgres } from "../helpers/private-postgres.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { waitFor } from "../helpers/wait.ts";
import { startWorker } from "../moderation/worker-support.ts";

let postgres: PrivatePostgres;
let stack: TestStack;
let api: TestApi;
let worker: ModerationWorker;
beforeAll(async () => {
  postgres = await startPrivatePostgres();
  const databaseUrl = `${postgres.url}/chatmod`;
  await applyMigrations(databaseUrl);
  stack = TestStack.onDatabase(databaseUrl);
  api = await stack.startApi();
  worker = startWorker(stack);
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await stack?.close();
  postgres?.destroy();
});

const send = (client: GraphQLClient, roomId: string, text: string) =>
  client.request(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });

async function readiness(): Promise<number> {
  return (await fetch(`${api.url}/ready`)).status;
}

/** Every message of the room as stored, with its status, read on a connection of the test's own. */
async function storedMessages(roomId: string) {
  const sql = new pg.Client({ connectionString: stack.databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ id: string; moderationStatus: string }>(
      `SELECT id, "moderationStatus" FROM "Message" WHERE "roomId" = $1 ORDER BY seq`,
      [roomId],
    );
    return rows;
  } finally {
    await sql.end();
  }
}

describe("Postgres going away and coming back", () => {
  it("refuses sends with SERVICE_UNAVAILABLE meanwhile, loses nothing acknowledged, and recovers by itself", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const acknowledged: string[] = [];
    for (let index = 0; index < 20; index++) {
      const answer = await send(alice.client, room.id, `before the outage ${index}`);
      acknowledged.push((answer.data as { sendMessage: { id: string } }).sendMessage.id);
    }
    expect(await readiness()).toBe(200);

    postgres.stop();
    const during = await send(alice.client, room.id, "during the outage");
    expect(during.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterMs: 1000 });
    expect(during.errors?.[0]?.message).toMatch(/try again/);
    expect(await readiness()).toBe(503);

    postgres.start();
    // The first sends after it returns may still meet a connection that died with it: the client retries.
    const after = await waitFor("a send to go through again", async () => {
      const answer = await send(alice.client, room.id, "after the outage");
      return answer.errors ? null : answer;
    });
    acknowledged.push((after.data as { sendMessage: { id: string } }).sendMessage.id);
    expect(await readiness()).toBe(200);

    // Every acknowledged message is stored, and the worker, back by itself, gives each a verdict.
    await waitFor("every verdict", async () => {
      const stored = await storedMessages(room.id);
      return stored.every((message) => message.moderationStatus !== "PENDING") ? stored : null;
    });
    const stored = await storedMessages(room.id);
    expect(stored.map((message) => message.id)).toEqual(expect.arrayContaining(acknowledged));
    expect(stored.filter((message) => message.moderationStatus === "PENDING")).toEqual([]);
  });
});
