// An error nobody planned for (here: Postgres refusing a write for a reason of its own) reaches
// the client as "Unexpected error." with a stable code, over HTTP and over the socket, and never
// with the cause's words; the API logs the cause.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { sendText, withSql } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { wsClient } from "../helpers/subscriptions.ts";

const SECRET = "internal detail the client must not see";
const ADD = gql<{ addReaction: { id: string } }, { id: string; emoji: string }>(
  `mutation($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { id } }`,
);

let stack: TestStack;
let api: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApi();
  // A real fault inside the storage, not a stand-in: every reaction insert now fails in Postgres.
  await withSql(stack.databaseUrl, async (sql) => {
    await sql.query(
      `CREATE FUNCTION refuse_reactions() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '${SECRET}'; END $$`,
    );
    await sql.query(
      `CREATE TRIGGER refuse_reactions BEFORE INSERT ON "Reaction" FOR EACH ROW EXECUTE FUNCTION refuse_reactions()`,
    );
  });
});
afterAll(() => stack.close());

async function aMessage() {
  const alice = await signUp(api.client);
  const room = await createRoom(alice.client);
  const message = await sendText(alice.client, room.id, "react to me");
  return { alice, message };
}

describe("an unexpected error", () => {
  it("over HTTP is 'Unexpected error.' with INTERNAL_SERVER_ERROR, and nothing of its cause", async () => {
    const { alice, message } = await aMessage();
    const answer = await alice.client.request(ADD, { id: message.id, emoji: "👍" });
    expect(answer.status).toBe(200);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: "Unexpected error.",
        path: ["addReaction"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      }),
    ]);
    expect(JSON.stringify(answer)).not.toContain(SECRET);
  });

  it("over the socket is the same, and the socket stays open for the next operation", async () => {
    const { alice, message } = await aMessage();
    const client = wsClient(api.wsUrl, alice.token);
    try {
      type Result = { data?: unknown; errors?: readonly { message: string; extensions?: unknown }[] };
      const run = (query: string, variables: Record<string, unknown>) =>
        new Promise<Result>((resolve, reject) => {
          const results: Result[] = [];
          client.subscribe(
            { query, variables },
            { next: (value) => results.push(value), error: reject, complete: () => resolve(results.at(-1) ?? {}) },
          );
        });
      const failed = await run(ADD, { id: message.id, emoji: "👍" });
      expect(failed.errors).toEqual([
        expect.objectContaining({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }),
      ]);
      expect(JSON.stringify(failed)).not.toContain(SECRET);
      const after = await run(`query { me { id } }`, {});
      expect(after).toEqual({ data: { me: { id: alice.user.id } } });
    } finally {
      await client.dispose();
    }
  });
});
