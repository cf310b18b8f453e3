// A moderator's decision covers the text they read, and all of its messages or none.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { MAKE_MODERATOR, type ModerateMessagesInput, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";

const EDIT = gql<{ editMessage: { editedAt: string } }, { id: string; text: string }>(
  `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { editedAt } }`,
);
const MODERATE = gql<
  { moderateMessages: { id: string; moderationStatus: string }[] },
  { input: ModerateMessagesInput }
>(`mutation($input: ModerateMessagesInput!) { moderateMessages(input: $input) { id moderationStatus } }`);
type Version = { id: string; editedAt: string | null };
const LOOK = gql<{ moderationQueue: { edges: { node: Version }[] } }, { room: string }>(
  `query($room: ID) { moderationQueue(status: PENDING, roomId: $room) { edges { node { id editedAt } } } }`,
);

let stack: TestStack;
let api: TestApi;
let moderator: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  stack = await TestStack.create();
  let admin: TestApi["client"];
  ({ admin, ...api } = await stack.startApiWithAdmin());
  moderator = await signUp(api.client);
  await admin.ok(MAKE_MODERATOR, {
    id: moderator.user.id,
  });
});
afterAll(() => stack.close());

/** Messages owed their automatic verdict (no worker runs here), in the order sent. */
async function pendingMessages(count: number) {
  const author = await signUp(api.client);
  const room = await createRoom(author.client);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = { roomId: room.id, text: `message ${i}`, clientId: crypto.randomUUID() };
    ids.push((await author.client.ok(SEND_MESSAGE, { input })).sendMessage.id);
  }
  return { author, room, ids };
}

/** The versions the moderator reads in the pending queue. */
async function look(roomId: string): Promise<{ messageId: string; editedAt: string | null }[]> {
  const seen = await moderator.client.ok(LOOK, { room: roomId });
  return seen.moderationQueue.edges.map(({ node }) => ({ messageId: node.id, editedAt: node.editedAt }));
}

/** Status, text, owed verdict and decisions of each message, in the order given. */
async function states(ids: readonly string[]) {
  const db = api.app.services.db;
  const rows = await db.message.findMany({
    where: { id: { in: [...ids] } },
    include: { outbox: true, decisions: true, events: { where: { kind: "MESSAGE_MODERATED" } } },
  });
  return ids.map((id) => {
    const row = rows.find((each) => each.id === id)!;
    return {
      status: row.moderationStatus,
      text: row.text,
      owedAt: row.outbox?.createdAt ?? null,
      decisions: row.decisions.length,
      moderatedEvents: row.events.length,
    };
  });
}

/**
 * Runs `decision` while another transaction holds `messageId`'s row, changed by `change`
 * (an edit or a decision in flight), and commits it once the decision waits for that lock.
 */
async function racing<T>(messageId: string, change: string, decision: () => Promise<T>): Promise<T> {
  const other = new pg.Client({ connectionString: stack.databaseUrl });
  const watcher = new pg.Client({ connectionString: stack.databaseUrl });
  await Promise.all([other.connect(), watcher.connect()]);
  try {
    await other.query("BEGIN");
    await other.query(`UPDATE "Message" SET ${change} WHERE id = $1`, [messageId]);
    const decided = decision();
    await expect
      .poll(async () => {
        const { rows } = await watcher.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].waiting;
      })
      .toBe(1);
    await other.query("COMMIT");
    return await decided;
  } finally {
    await Promise.all([other.end(), watcher.end()]);
  }
}

/** A message that is neither first in id order nor first sent: whichever order a decision took, others came before. */
const notFirst = (ids: readonly string[]) =>
  [...ids]
    .sort()
    .reverse()
    .find((id) => id !== ids[0])!;

describe("a decision covers the version the moderator read", () => {
  it("refuses an approval of a message edited after the moderator looked; it stays owed its automatic verdict", async () => {
    const { author, room, ids } = await pendingMessages(1);
    const seen = await look(room.id);
    expect(seen).toEqual([{ messageId: ids[0], editedAt: null }]);
    await author.client.ok(EDIT, { id: ids[0]!, text: "something nobody has checked" });
    const [edited] = await states(ids);

    const result = await moderator.client.request(MODERATE, {
      input: { messageIds: ids, action: "APPROVE", reason: "fine", versions: seen },
    });
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("CONFLICT");
    expect(result.errors?.[0]?.message).toBe("Message 1 was edited after you looked at it; review the new text.");
    expect(await states(ids)).toEqual([
      {
        status: "PENDING",
        text: "something nobody has checked",
        owedAt: edited?.owedAt,
        decisions: 0,
        moderatedEvents: 0,
      },
    ]);
    expect(edited?.owedAt).not.toBeNull();

    // Having read the new text, the moderator decides on it.
    const decided = await moderator.client.ok(MODERATE, {
      input: { messageIds: ids, action: "APPROVE", reason: "fine", versions: await look(room.id) },
    });
    expect(decided.moderateMessages).toEqual([{ id: ids[0], moderationStatus: "APPROVED" }]);
  });

  it("gives every edit a version of its own, later than the one before, even when the clock says otherwise", async () => {
    const { author, room, ids } = await pendingMessages(1);
    await author.client.ok(EDIT, { id: ids[0]!, text: "first edit" });
    // As if the last edit had been stamped an hour ahead (a clock stepped back since, or the same millisecond).
    const ahead = new Date(Date.now() + 3_600_000);
    const db = api.app.services.db;
    await db.message.update({ where: { id: ids[0] }, data: { editedAt: ahead } });
    await db.moderationOutbox.update({ where: { messageId: ids[0] }, data: { createdAt: ahead } });
    const seen = await look(room.id);

    const { editMessage } = await author.client.ok(EDIT, { id: ids[0]!, text: "second edit" });
    expect(new Date(editMessage.editedAt).getTime()).toBe(ahead.getTime() + 1);
    // The job owed for the new text is a new one, and a decision on the text read before is refused.
    expect((await states(ids))[0]?.owedAt).toEqual(new Date(editMessage.editedAt));
    const input = { messageIds: ids, action: "APPROVE", reason: "fine", versions: seen };
    expect(await moderator.client.errorCode(MODERATE, { input })).toBe("CONFLICT");
  });

  it("asks for one version per message when versions are given", async () => {
    const { room, ids } = await pendingMessages(2);
    const [first] = await look(room.id);
    const input = { messageIds: ids, action: "REJECT", versions: [first] };
    expect(await moderator.client.errorCode(MODERATE, { input })).toBe("BAD_USER_INPUT");
    expect((await states(ids)).map((state) => state.status)).toEqual(["PENDING", "PENDING"]);
  });

  it("refuses a bulk decision when an edit races it, changing none of its messages", async () => {
    const { room, ids } = await pendingMessages(5);
    const seen = await look(room.id);
    const target = notFirst(ids);
    const result = await racing(
      target,
      `text = 'edited meanwhile', "editedAt" = now(), "moderationStatus" = 'PENDING'`,
      () =>
        moderator.client.request(MODERATE, {
          input: { messageIds: ids, action: "APPROVE", reason: "fine", versions: seen },
        }),
    );
    expect(
      (await states(ids)).map(({ status, decisions, moderatedEvents }) => [status, decisions, moderatedEvents]),
    ).toEqual(ids.map(() => ["PENDING", 0, 0]));
    expect((await states(ids)).every((state) => state.owedAt !== null)).toBe(true);
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("CONFLICT");
    expect(result.errors?.[0]?.message).toBe(
      `Message ${ids.indexOf(target) + 1} was edited after you looked at it; review the new text.`,
    );
  });
});

describe("a bulk decision is all or nothing", () => {
  it("changes none of its messages when another moderator's decision on one commits first", async () => {
    const { ids } = await pendingMessages(5);
    const target = notFirst(ids);
    const result = await racing(target, `"moderationStatus" = 'REJECTED'`, () =>
      moderator.client.request(MODERATE, { input: { messageIds: ids, action: "REJECT", reason: "spam" } }),
    );
    expect((await states(ids)).map(({ status, decisions }) => [status, decisions])).toEqual(
      ids.map((id) => [id === target ? "REJECTED" : "PENDING", 0]),
    );
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/is already rejected/);
  });

  it("two bulk decisions on the same messages of two rooms, listed in opposite orders, at once: one applies", async () => {
    const [first, second] = await Promise.all([pendingMessages(3), pendingMessages(3)]);
    const ids = [...first.ids, ...second.ids];
    const reject = (messageIds: string[]) =>
      moderator.client.request(MODERATE, { input: { messageIds, action: "REJECT", reason: "spam" } });
    const results = await Promise.all([reject(ids), reject([...ids].reverse())]);
    expect(results.map((result) => result.errors?.[0]?.extensions?.["code"] ?? "applied").sort()).toEqual([
      "BAD_USER_INPUT",
      "applied",
    ]);
    expect(
      (await states(ids)).map(({ status, decisions, moderatedEvents }) => [status, decisions, moderatedEvents]),
    ).toEqual(ids.map(() => ["REJECTED", 1, 1]));
  });
});
