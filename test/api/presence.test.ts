import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { roomWithTwoMembers } from "../helpers/people.ts";
import { recordStatements } from "../helpers/sql-statements.ts";
import { signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";

// Presence and typing live in Redis, shared by the replicas: what one replica writes, a watcher
// on the other sees; a connection that dies, or a replica that stops renewing, leaves by expiry.

type Presence = { roomId: string; online: { username: string }[]; typing: { username: string }[] };
const PRESENCE_FIELDS = "roomId online { username } typing { username }";
const ROOM_PRESENCE = gql<{ roomPresence: Presence }, { roomId: string }>(
  `subscription($roomId: ID!) { roomPresence(roomId: $roomId) { ${PRESENCE_FIELDS} } }`,
);
const PRESENCE_NOW = gql<{ roomPresence: Presence }, { roomId: string }>(
  `query($roomId: ID!) { roomPresence(roomId: $roomId) { ${PRESENCE_FIELDS} } }`,
);
const SET_TYPING = gql<{ setTyping: boolean }, { roomId: string; typing: boolean }>(
  `mutation($roomId: ID!, $typing: Boolean!) { setTyping(roomId: $roomId, typing: $typing) }`,
);

let stack: TestStack;
let replicaA: TestApi;
let replicaB: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  // Short periods, so that expiry shows within a test: typing lasts 1.5 s, a dead peer misses its ping in 0.3 s.
  // Sessions stay cached through a test, so the send path's statements are compared like for like.
  const periods = { TYPING_TTL_MS: "1500", WS_PING_INTERVAL_MS: "300", SESSION_CACHE_MS: "600000" };
  replicaA = await stack.startApi(periods);
  replicaB = await stack.startApi(periods);
});
afterAll(() => stack.close());

const names = (people: { username: string }[]) => people.map((person) => person.username);

/** Watches a room's presence on one replica; `until` waits for a view that passes `check`. */
function watch(api: TestApi, token: string, roomId: string) {
  const client = wsClient(api.wsUrl, token);
  const seen = collect(client, ROOM_PRESENCE, { roomId });
  return {
    seen,
    latest: () => seen.events.at(-1)?.roomPresence,
    async until(what: string, check: (presence: Presence) => boolean, timeoutMs?: number): Promise<Presence> {
      return waitFor(
        what,
        () => {
          if (seen.errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(seen.errors)}`);
          const latest = seen.events.at(-1)?.roomPresence;
          return latest && check(latest) ? latest : null;
        },
        timeoutMs,
      );
    },
    dispose: () => client.dispose(),
  };
}

/**
 * A bare graphql-ws connection watching a room, for what a library client never does: drop the
 * TCP connection without a close frame, or stop answering pings (a peer that is gone).
 */
async function rawWatcher(api: TestApi, token: string, roomId: string, options: { autoPong: boolean }) {
  const socket = new WebSocket(api.wsUrl, "graphql-transport-ws", { autoPong: options.autoPong });
  const messages: { type: string; payload?: unknown }[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authToken: token } }));
  await waitFor("connection_ack", () => messages.some((message) => message.type === "connection_ack"));
  socket.send(
    JSON.stringify({
      id: "1",
      type: "subscribe",
      payload: { query: ROOM_PRESENCE, variables: { roomId } },
    }),
  );
  await waitFor("a first presence", () => messages.some((message) => message.type === "next"));
  return socket;
}

describe("roomPresence across replicas", () => {
  it("shows each replica's watchers to the other, and who left", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    const first = await onA.until("alice alone", (presence) => presence.online.length === 1);
    expect(first).toEqual({ roomId: room.id, online: [{ username: alice.user.username }], typing: [] });

    const onB = watch(replicaB, bob.token, room.id);
    const both = [alice.user.username, bob.user.username].sort();
    await onA.until("bob seen on A", (presence) => names(presence.online).join() === both.join());
    await onB.until("both seen on B", (presence) => names(presence.online).join() === both.join());
    // A client that polls reads the same.
    const polled = await alice.client.ok(PRESENCE_NOW, { roomId: room.id });
    expect(names(polled.roomPresence.online)).toEqual(both);

    await onB.dispose();
    await onA.until("bob gone", (presence) => names(presence.online).join() === alice.user.username);
    await onA.dispose();
    await waitFor("nobody online", async () => {
      const now = await alice.client.ok(PRESENCE_NOW, { roomId: room.id });
      return now.roomPresence.online.length === 0;
    });
  });

  it("counts a person with connections on both replicas once, until the last one ends", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    const bobOnA = watch(replicaA, bob.token, room.id);
    const bobOnB = watch(replicaB, bob.token, room.id);
    await onA.until("bob online", (presence) => presence.online.length === 2);
    await bobOnB.until("B has both", (presence) => presence.online.length === 2);
    await bobOnA.dispose();
    // Bob's other tab keeps him online: give a wrong "gone" time to arrive, then look.
    await bobOnB.until("B still live", () => true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(names(onA.latest()?.online ?? [])).toContain(bob.user.username);
    await bobOnB.dispose();
    await onA.until("bob gone", (presence) => presence.online.length === 1);
    await onA.dispose();
  });

  it("drops a socket that was cut without a close within seconds", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    const socket = await rawWatcher(replicaB, bob.token, room.id, { autoPong: true });
    await onA.until("bob online", (presence) => presence.online.length === 2);
    socket.terminate(); // no close frame: the TCP connection just ends
    const cut = Date.now();
    await onA.until("bob gone", (presence) => presence.online.length === 1, 5_000);
    expect(Date.now() - cut).toBeLessThan(5_000);
    await onA.dispose();
  });

  it("drops a peer that stops answering pings (a dead connection) within two ping periods", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    const socket = await rawWatcher(replicaB, bob.token, room.id, { autoPong: false });
    await onA.until("bob online", (presence) => presence.online.length === 2);
    // The socket stays open on this side; only the server's keep-alive can find it dead.
    await onA.until("bob gone", (presence) => presence.online.length === 1, 5_000);
    await waitFor("the server closed the dead socket", () => socket.readyState === WebSocket.CLOSED);
    await onA.dispose();
  });

  it("drops the connections of a replica that stops renewing them (it died) once they expire", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const dying = await stack.startApi({ PRESENCE_TTL_MS: "1000", PRESENCE_HEARTBEAT_MS: "200" });
    const onA = watch(replicaA, alice.token, room.id);
    const onDying = watch(dying, bob.token, room.id);
    await onA.until("bob online", (presence) => presence.online.length === 2);
    // Renewed past its first expiry: still there.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(onA.latest()?.online).toHaveLength(2);
    // As if the process were gone: no more renewals and no goodbye.
    dying.app.services.presence.close();
    // Nobody announces it: the watchers' replica reads again when the entry expires (1 s).
    await onA.until("bob expired", (presence) => presence.online.length === 1, 5_000);
    expect(names(onA.latest()?.online ?? [])).toEqual([alice.user.username]);
    await Promise.all([onA.dispose(), onDying.dispose()]);
    await stack.stopApi(dying);
  });

  it("refuses people who are not members, and malformed rooms", async () => {
    const { room } = await roomWithTwoMembers(replicaA, replicaB);
    const stranger = await signUp(replicaA.client);
    const onA = wsClient(replicaA.wsUrl, stranger.token);
    const refused = collect(onA, ROOM_PRESENCE, { roomId: room.id });
    await refused.settled();
    expect(JSON.stringify(refused.errors)).toContain("FORBIDDEN");
    expect(refused.events).toEqual([]);
    await onA.dispose();

    const polled = await stranger.client.request(PRESENCE_NOW, { roomId: room.id });
    expect(polled.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    for (const typing of [true, false]) {
      const signal = await stranger.client.request(SET_TYPING, { roomId: room.id, typing });
      expect(signal.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    }
    const nowhere = await stranger.client.request(SET_TYPING, { roomId: "not-a-room", typing: true });
    expect(nowhere.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    const anonymous = await replicaA.client.request(SET_TYPING, { roomId: room.id, typing: true });
    expect(anonymous.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
  });
});

describe("typing across replicas", () => {
  it("shows a typist to the other replica, absorbs signals that come too fast, and clears on stop", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    await onA.until("alice in", (presence) => presence.online.length === 1);

    expect((await bob.client.ok(SET_TYPING, { roomId: room.id, typing: true })).setTyping).toBe(true);
    await onA.until("bob typing", (presence) => names(presence.typing).join() === bob.user.username);
    // Within the throttle: absorbed (false), not an error, and no Postgres statement either.
    const recorder = recordStatements();
    try {
      const again = await bob.client.ok(SET_TYPING, { roomId: room.id, typing: true });
      expect(again.setTyping).toBe(false);
    } finally {
      recorder.stop();
    }
    expect(recorder.statements.filter((sql) => sql.trim() !== "")).toEqual([]);

    await bob.client.ok(SET_TYPING, { roomId: room.id, typing: false });
    await onA.until("bob stopped", (presence) => presence.typing.length === 0);
    // A stop resets the throttle: the next keystroke shows at once.
    expect((await bob.client.ok(SET_TYPING, { roomId: room.id, typing: true })).setTyping).toBe(true);
    await onA.until("bob typing again", (presence) => presence.typing.length === 1);
    await onA.dispose();
  });

  it("ends typing by itself when the signals stop", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    await bob.client.ok(SET_TYPING, { roomId: room.id, typing: true });
    await onA.until("bob typing", (presence) => presence.typing.length === 1);
    const started = Date.now();
    await onA.until("typing expired", (presence) => presence.typing.length === 0, 5_000);
    // TYPING_TTL_MS is 1.5 s on these replicas.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    await onA.dispose();
  });

  it("ends typing when the typist sends, with no more Postgres work on the send path", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = watch(replicaA, alice.token, room.id);
    // The watcher's own reads (its access check, the names) are done before statements are recorded.
    await onA.until("the watcher live", (presence) => presence.online.length >= 1);
    const send = async (client: GraphQLClient, text: string) => {
      const recorder = recordStatements();
      try {
        await client.ok(SEND_MESSAGE, { input: { roomId: room.id, text, clientId: crypto.randomUUID() } });
      } finally {
        recorder.stop();
      }
      return recorder.statements;
    };
    await send(bob.client, "warm-up"); // statements prepared once per connection
    const quiet = await send(bob.client, "not typing first");

    await bob.client.ok(SET_TYPING, { roomId: room.id, typing: true });
    await onA.until("bob typing", (presence) => presence.typing.length === 1);
    const typing = await send(bob.client, "typed this");
    await onA.until("typing cleared by the send", (presence) => presence.typing.length === 0, 1_000);
    expect(typing).toEqual(quiet);
    await onA.dispose();
  });
});
