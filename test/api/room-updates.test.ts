// roomUpdates: a room's settings and member count reach the people watching it as they change.
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql, type Operation } from "../helpers/graphql.ts";
import { JOIN_ROOM as JOIN, LEAVE_ROOM as LEAVE } from "../helpers/operations.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();

type RoomPolicyInput = { moderationMode?: string; reportThreshold?: number; blockedTerms?: string[] };
const POLICY = gql<{ updateRoomPolicy: { id: string } }, { id: string; input: RoomPolicyInput }>(
  `mutation($id: ID!, $input: RoomPolicyInput!) { updateRoomPolicy(roomId: $id, input: $input) { id } }`,
);
type Watched = { roomId: string };

/** Subscribes each client, and answers their feeds once the replica listens for all of them. */
async function watch<Result>(roomId: string, tokens: string[], query: Operation<Result, Watched>) {
  const listening = countListeners(api, "room-changes");
  const feeds = tokens.map((token) => collect(wsClient(api.wsUrl, token), query, { roomId }));
  await listening.until(tokens.length);
  return feeds;
}

describe("room updates", () => {
  it("tell watchers of joins, leaves and new settings, and of nothing when nothing changed", async () => {
    const alice = await signUp(api.client);
    const bob = await signUp(api.client);
    const room = await createRoom(alice.client);
    const [feed] = await watch(
      room.id,
      [alice.token],
      gql<
        { roomUpdates: { id: string; memberCount: number; moderationMode: string; reportThreshold: number } },
        Watched
      >(`subscription($roomId: ID!) {
      roomUpdates(roomId: $roomId) { id memberCount moderationMode reportThreshold } }`),
    );

    // An event shows the room as it is when the replica reads it: each change waits for its event.
    await bob.client.ok(JOIN, { id: room.id });
    await feed!.until(1);
    await bob.client.ok(JOIN, { id: room.id }); // already a member: no change, no event
    await bob.client.ok(LEAVE, { id: room.id });
    await feed!.until(2);
    await bob.client.ok(LEAVE, { id: room.id }); // not a member: no change, no event
    await alice.client.ok(POLICY, { id: room.id, input: { moderationMode: "PRE", reportThreshold: 7 } });
    const events = (await feed!.until(3)).map((event) => event.roomUpdates);
    expect(
      events.map(({ memberCount, moderationMode, reportThreshold }) => [memberCount, moderationMode, reportThreshold]),
    ).toEqual([
      [2, "POST", 3],
      [1, "POST", 3],
      [1, "PRE", 7],
    ]);
    expect(events.every((event) => event.id === room.id)).toBe(true);
    // Nothing more may come for the repeated join and leave: give a stray event time to arrive.
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
      room.id,
      [alice.token, bob.token],
      gql<{ roomUpdates: { id: string; memberCount: number; policy: { blockedTerms: string[] } | null } }, Watched>(
        `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { id memberCount policy { blockedTerms } } }`,
      ),
    );

    await alice.client.ok(POLICY, { id: room.id, input: { blockedTerms: ["grapefruit"] } });
    const [creatorSees] = await creatorFeed!.until(1);
    const [memberSees] = await memberFeed!.until(1);
    expect(creatorSees!.roomUpdates.policy).toEqual({ blockedTerms: ["grapefruit"] });
    expect(memberSees!.roomUpdates.policy).toBeNull();
  });

  it("refuses a room that does not exist", async () => {
    const alice = await signUp(api.client);
    const query = gql<{ roomUpdates: { id: string } }, Watched>(
      `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { id } }`,
    );
    for (const roomId of [crypto.randomUUID(), "not-an-id"]) {
      const unknown = collect(wsClient(api.wsUrl, alice.token), query, { roomId });
      await expect(unknown.until(1, 5_000)).rejects.toThrow(/NOT_FOUND/);
    }
  });
});
