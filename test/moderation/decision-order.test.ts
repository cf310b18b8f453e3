// A bulk decision in the audit log: its rows share one createdAt (one transaction), so the log's order
// (createdAt, then id, newest first) must not leave them to chance. They read in the order the
// moderator gave the messages, the same on every read, and pages cut through them without a gap.
import { afterAll, beforeAll, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { MAKE_MODERATOR, MODERATE_MESSAGES, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";

type Row = { createdAt: string; message: { id: string } };
const AUDIT = gql<
  { moderationDecisions: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } },
  { room: string; first: number; after?: string | null }
>(
  `query($room: ID, $first: Int, $after: String) {
    moderationDecisions(roomId: $room, first: $first, after: $after) {
      edges { node { createdAt message { id } } } pageInfo { hasNextPage endCursor } } }`,
);

let stack: TestStack;
let api: TestApi;
let admin: TestApi["client"];
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...api } = await stack.startApiWithAdmin());
});
afterAll(() => stack.close());

it("lists a bulk decision's audit rows in the order its messages were given, on every page", async () => {
  const moderator = await signUp(api.client);
  await admin.ok(MAKE_MODERATOR, { id: moderator.user.id });
  const author = await signUp(api.client);
  const room = await createRoom(author.client);
  const sent: string[] = [];
  for (let i = 0; i < 12; i++) {
    const input = { roomId: room.id, text: `message ${i}`, clientId: crypto.randomUUID() };
    sent.push((await author.client.ok(SEND_MESSAGE, { input })).sendMessage.id);
  }
  // Neither the order they were sent in nor id order: one chance in 12! that random ids would agree.
  const given = [...sent.slice(6), ...sent.slice(0, 6).reverse()];
  await moderator.client.ok(MODERATE_MESSAGES, { input: { messageIds: given, action: "REJECT", reason: "spam" } });

  const whole = await moderator.client.ok(AUDIT, { room: room.id, first: 50 });
  const rows = whole.moderationDecisions.edges.map((edge) => edge.node);
  expect(rows.map((row) => row.message.id)).toEqual(given);
  // One decision, one instant: what the dashboard's live feed groups its events by.
  expect(new Set(rows.map((row) => row.createdAt)).size).toBe(1);

  // Paged, the same order, nothing twice or missing.
  const paged: string[] = [];
  let after: string | null = null;
  do {
    const page: typeof whole = await moderator.client.ok(AUDIT, { room: room.id, first: 5, after });
    paged.push(...page.moderationDecisions.edges.map((edge) => edge.node.message.id));
    after = page.moderationDecisions.pageInfo.hasNextPage ? page.moderationDecisions.pageInfo.endCursor : null;
  } while (after);
  expect(paged).toEqual(given);
});
