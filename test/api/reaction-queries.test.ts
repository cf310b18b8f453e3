import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { sendText } from "../helpers/people.ts";
import { recordStatementsForFile } from "../helpers/sql-statements.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();
const statements = recordStatementsForFile();

type Group = { emoji: string; count: number; reactors: { username: string }[] };
const ADD = gql<{ addReaction: { id: string } }, { id: string; emoji: string }>(
  `mutation($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { id } }`,
);
const PAGE = gql<
  { room: { messages: { edges: { node: { reactions: (Group & { viewerReacted: boolean })[] } }[] } } },
  { id: string }
>(`query($id: ID!) { room(id: $id) { messages(first: 50) {
  edges { node { reactions { emoji count viewerReacted reactors { username } } } } } } }`);
const LIVE = gql<
  { roomEvents: { seq: number; message: { reactions: Group[] } } },
  { roomId: string; afterSeq: number }
>(
  `subscription($roomId: ID!, $afterSeq: Int) {
    roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq message { reactions { emoji count reactors { username } } } } }`,
);

const readsReactions = (statement: string) => /FROM "public"\."Reaction"|FROM "Reaction"/.test(statement);
const readsUsers = (statement: string) => /FROM "public"\."User"/.test(statement);

describe("reading reactions", () => {
  it("a page of messages reads reactions, the viewer's own and their reactors in one statement each", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const others = await Promise.all(Array.from({ length: 3 }, () => signUp(api.client)));
    for (const other of others) await other.client.ok(JOIN_ROOM, { id: room.id });
    for (let i = 0; i < 12; i++) {
      const message = await sendText(alice.client, room.id, `message ${i}`);
      for (const [j, other] of others.entries()) await other.client.ok(ADD, { id: message.id, emoji: j ? "👍" : "🎉" });
    }
    statements.length = 0;
    const page = await others[0]!.client.ok(PAGE, { id: room.id });
    expect(page.room.messages.edges).toHaveLength(12);
    for (const { node } of page.room.messages.edges)
      expect(node.reactions).toEqual([
        { emoji: "🎉", count: 1, viewerReacted: true, reactors: [{ username: others[0]!.user.username }] },
        {
          emoji: "👍",
          count: 2,
          viewerReacted: false,
          reactors: [{ username: others[1]!.user.username }, { username: others[2]!.user.username }],
        },
      ]);
    // Groups and the viewer's own reactions: two statements for the whole page, and one for the reactors.
    expect(statements.filter(readsReactions)).toHaveLength(2);
    expect(statements.filter(readsUsers).length).toBeLessThanOrEqual(2);
  });

  it("a reaction event reaches many subscribers with one read of the message's reactions", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const readers = await Promise.all(Array.from({ length: 4 }, () => signUp(api.client)));
    for (const reader of readers) await reader.client.ok(JOIN_ROOM, { id: room.id });
    const message = await sendText(alice.client, room.id, "react to me");
    const clients = [alice, ...readers].map((person) => wsClient(api.wsUrl, person.token));
    const runs = clients.map((client) => collect(client, LIVE, { roomId: room.id, afterSeq: 1 }));
    await readers[0]!.client.ok(ADD, { id: message.id, emoji: "👀" });
    await Promise.all(runs.map((run) => run.until(1)));

    statements.length = 0;
    await readers[1]!.client.ok(ADD, { id: message.id, emoji: "👀" });
    const delivered = await Promise.all(runs.map((run) => run.until(2)));
    for (const events of delivered)
      expect(events[1]?.roomEvents.message.reactions).toEqual([
        {
          emoji: "👀",
          count: 2,
          reactors: [{ username: readers[0]!.user.username }, { username: readers[1]!.user.username }],
        },
      ]);
    // The author and the other members are two viewer classes, executed apart: still one read.
    expect(statements.filter(readsReactions).filter((statement) => /GROUP BY/.test(statement))).toHaveLength(1);
    await Promise.all(clients.map((client) => client.dispose()));
  });
});
