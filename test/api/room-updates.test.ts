// roomUpdates: a room's settings and member count reach the people watching it as they change.
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { createRoom, signUp, type TestApi } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();

const JOIN = `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`;
const LEAVE = `mutation($id: ID!) { leaveRoom(roomId: $id) { id } }`;
const POLICY = `mutation($id: ID!, $input: RoomPolicyInput!) { updateRoomPolicy(roomId: $id, input: $input) { id } }`;

type Watched = {
  id: string;
  memberCount: number;
  moderationMode: string;
  reportThreshold: number;
  policy?: { blockedTerms: string[] } | null;
};

/**
 * Subscribes each client, then changes the room until every one has heard of a
 * change: from then on all of them are live. Answers the feeds, emptied.
 */
async function watch(creator: TestApi["client"], roomId: string, tokens: string[], query: string) {
  const feeds = tokens.map((token) => collect<{ roomUpdates: Watched }>(wsClient(api.wsUrl, token), query, { roomId }));
  for (let attempt = 0; feeds.some((feed) => feed.events.length === 0); attempt++) {
    if (attempt === 100) throw new Error("the watchers never heard of a change");
    await creator.ok(POLICY, { id: roomId, input: { reportThreshold: 3 + (attempt % 2) } });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last probes' events
  for (const feed of feeds) feed.events.length = 0;
  return feeds;
}

describe("room updates", () => {
  it("tell watchers of joins, leaves and new settings, and of nothing when nothing changed", async () => {
    const alice = await signUp(api.client);
    const bob = await signUp(api.client);
    const room = await createRoom(alice.client);
    const [feed] = await watch(
      alice.client,
      room.id,
      [alice.token],
      `subscription($roomId: ID!) {
      roomUpdates(roomId: $roomId) { id memberCount moderationMode reportThreshold } }`,
    );

    await bob.client.ok(JOIN, { id: room.id });
    await bob.client.ok(JOIN, { id: room.id }); // already a member: no change, no event
    await bob.client.ok(LEAVE, { id: room.id });
    await bob.client.ok(LEAVE, { id: room.id }); // not a member: no change, no event
    await alice.client.ok(POLICY, { id: room.id, input: { moderationMode: "PRE", reportThreshold: 7 } });
    const events = (await feed!.until(3)).map((event) => event.roomUpdates);
    expect(
      events.map(({ memberCount, moderationMode, reportThreshold }) => [memberCount, moderationMode, reportThreshold]),
    ).toEqual([
      [2, "POST", expect.any(Number)],
      [1, "POST", expect.any(Number)],
      [1, "PRE", 7],
    ]);
    expect(events.every((event) => event.id === room.id)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(feed!.events).toHaveLength(3);
    feed!.unsubscribe();
  });

  it("shows the moderation policy only to those who may read it, in the same change", async () => {
    const alice = await signUp(api.client);
    const bob = await signUp(api.client);
    const room = await createRoom(alice.client);
    await bob.client.ok(JOIN, { id: room.id });
    const [creatorFeed, memberFeed] = await watch(
      alice.client,
      room.id,
      [alice.token, bob.token],
      `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { id memberCount policy { blockedTerms } } }`,
    );

    await alice.client.ok(POLICY, { id: room.id, input: { blockedTerms: ["grapefruit"] } });
    const [creatorSees] = await creatorFeed!.until(1);
    const [memberSees] = await memberFeed!.until(1);
    expect(creatorSees!.roomUpdates.policy).toEqual({ blockedTerms: ["grapefruit"] });
    expect(memberSees!.roomUpdates.policy).toBeNull();
  });

  it("refuses a room that does not exist", async () => {
    const alice = await signUp(api.client);
    const query = `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { id } }`;
    for (const roomId of [crypto.randomUUID(), "not-an-id"]) {
      const unknown = collect(wsClient(api.wsUrl, alice.token), query, { roomId });
      await expect(unknown.until(1, 5_000)).rejects.toThrow(/NOT_FOUND/);
    }
  });
});
