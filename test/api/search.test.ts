// Room search: ranked full-text matches with the matched words marked, paged, over only what the viewer
// may read, through the GIN index.

import { searchStatement } from "@chatmod/api/chat/search";
import { Prisma } from "@chatmod/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import { roomWithTwoMembers, signUpModerator } from "../helpers/people.ts";
import { signUp, type TestApi, TestStack } from "../helpers/stack.ts";

type Hit = {
  rank: number;
  message: { id: string; seq: number; text: string | null };
  excerpt: { text: string; matched: boolean }[];
};
type Page = { edges: { cursor: string; node: Hit }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const SEARCH = gql<{ room: { search: Page } }, { id: string; query: string; first?: number; after?: string | null }>(
  `query($id: ID, $query: String!, $first: Int, $after: String) { room(id: $id) {
    search(query: $query, first: $first, after: $after) {
      edges { cursor node { rank message { id seq text } excerpt { text matched } } }
      pageInfo { hasNextPage endCursor }
    } } }`,
);

let stack: TestStack;
let api: TestApi & { admin: GraphQLClient };
let moderator: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApiWithAdmin();
  moderator = await signUpModerator(api, api.admin);
});
afterAll(() => stack.close());

async function send(client: GraphQLClient, roomId: string, text: string) {
  return (await client.ok(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } })).sendMessage;
}

const texts = (page: Page) => page.edges.map((edge) => edge.node.message.text);
const search = async (client: GraphQLClient, id: string, query: string, first?: number, after?: string | null) =>
  (await client.ok(SEARCH, { id, query, first, after })).room.search;

describe("room search", () => {
  it("ranks better matches first, ties newest first, and marks the matched words", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(api);
    await send(alice.client, room.id, "the Bakery opens at nine");
    await send(bob.client, room.id, "unrelated chatter");
    await send(bob.client, room.id, "bakery bread, bakery cakes, bakery everything");
    await send(alice.client, room.id, "a bakery near the station");
    const page = await search(bob.client, room.id, "BAKERY");
    expect(texts(page)).toEqual([
      "bakery bread, bakery cakes, bakery everything",
      "a bakery near the station",
      "the Bakery opens at nine",
    ]);
    expect(page.edges[0]!.node.rank).toBeGreaterThan(page.edges[1]!.node.rank);
    expect(page.edges[2]!.node.excerpt).toEqual([
      { text: "the ", matched: false },
      { text: "Bakery", matched: true },
      { text: " opens at nine", matched: false },
    ]);
    // websearch syntax: a phrase, and a word left out.
    expect(texts(await search(bob.client, room.id, '"near the station"'))).toEqual(["a bakery near the station"]);
    expect(texts(await search(bob.client, room.id, "bakery -station -bread"))).toEqual(["the Bakery opens at nine"]);
  });

  it("pages through every hit once, in rank order", async () => {
    const { alice, room } = await roomWithTwoMembers(api);
    for (let i = 0; i < 7; i++) await send(alice.client, room.id, `${"tea ".repeat((i % 3) + 1)}number ${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 10; round++) {
      const page: Page = await search(alice.client, room.id, "tea", 2, after);
      seen.push(...page.edges.map((edge) => edge.node.message.text ?? ""));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const all = texts(await search(alice.client, room.id, "tea", 50));
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(7);
    const forged = await alice.client.request(SEARCH, { id: room.id, query: "tea", after: "R1BDOkpbLTEsMV0=" });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("finds only what the viewer may read: not hidden, masked or deleted messages of others", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(api);
    const db = api.app.services.db;
    await send(alice.client, room.id, "secret plain");
    const flagged = await send(alice.client, room.id, "secret flagged");
    const rejected = await send(alice.client, room.id, "secret rejected");
    const deleted = await send(alice.client, room.id, "secret deleted");
    await db.message.update({ where: { id: flagged.id }, data: { moderationStatus: "FLAGGED" } });
    await db.message.update({ where: { id: rejected.id }, data: { moderationStatus: "REJECTED" } });
    await alice.client.ok(DELETE_MESSAGE, { id: deleted.id });

    const forBob = await search(bob.client, room.id, "secret");
    expect(texts(forBob)).toEqual(["secret plain"]);
    expect(JSON.stringify(forBob)).not.toMatch(/flagged|rejected|deleted/);
    // Its author reads their own flagged and rejected messages; a moderator reads them all; nobody the deleted one.
    expect(texts(await search(alice.client, room.id, "secret")).sort()).toEqual([
      "secret flagged",
      "secret plain",
      "secret rejected",
    ]);
    await moderator.client.ok(JOIN_ROOM, { id: room.id });
    expect(texts(await search(moderator.client, room.id, "secret"))).toHaveLength(3);

    const outsider = await signUp(api.client);
    const refused = await outsider.client.request(SEARCH, { id: room.id, query: "secret" });
    expect(refused.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
  });

  it("refuses an empty or too long query, and a message cannot forge a mark", async () => {
    const { alice, room } = await roomWithTwoMembers(api);
    for (const query of ["   ", "x".repeat(201)]) {
      const answer = await alice.client.request(SEARCH, { id: room.id, query });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
    }
    const tooMany = await alice.client.request(SEARCH, { id: room.id, query: "x", first: 51 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect((await search(alice.client, room.id, "!!!")).edges).toEqual([]);

    await send(alice.client, room.id, "plain \uE000fake\uE001 mark and real");
    const [hit] = (await search(alice.client, room.id, "real")).edges;
    expect(hit!.node.excerpt.filter((fragment) => fragment.matched).map((fragment) => fragment.text)).toEqual(["real"]);
  });

  it("uses the GIN index", async () => {
    const { alice, room } = await roomWithTwoMembers(api);
    const db = api.app.services.db;
    await db.$executeRaw`
      INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text)
      SELECT gen_random_uuid(), ${room.id}::uuid, ${alice.user.id}::uuid, 1000 + n, 'bulk-' || n, 'filler words number ' || n
      FROM generate_series(1, 3000) AS n`;
    await db.$executeRaw`ANALYZE "Message"`;
    const statement = searchStatement(room.id, "needle", null, null, 21);
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${statement}`);
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("Message_text_search_idx");
  });

  it("merges the index's pending entries in small steps, not 4 MB at once inside a send", async () => {
    const [index] = await api.app.services.db.$queryRaw<{ options: string[] | null }[]>`
      SELECT reloptions AS options FROM pg_class WHERE relname = 'Message_text_search_idx'`;
    expect(index?.options).toEqual(["gin_pending_list_limit=64"]);
  });
});
