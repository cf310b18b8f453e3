// The product on a Redis Cluster of its own (three masters, three replicas): two API replicas and
// the worker chat, moderate and resume, room channels are shard channels, and a master killed
// under a steady send load loses nothing that was acknowledged.
import { EventBus } from "@chatmod/core/event-bus";
import { createRedis } from "@chatmod/core/redis";
import type { ModerationWorker } from "@chatmod/worker/worker";
import type { Client } from "graphql-ws";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, LOGIN, SEND_MESSAGE } from "../helpers/operations.ts";
import { startRedisCluster, type TestRedisCluster } from "../helpers/redis-cluster.ts";
import { createRoom, signUp, TEST_ADMIN, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, ROOM_EVENTS, type RoomEvent, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";
import { connectSql, startWorker } from "../moderation/worker-support.ts";

type Presence = { online: { username: string }[]; typing: { username: string }[] };
const ROOM_PRESENCE = gql<{ roomPresence: Presence }, { roomId: string }>(
  `subscription($roomId: ID!) { roomPresence(roomId: $roomId) { online { username } typing { username } } }`,
);
const SET_TYPING = gql<{ setTyping: boolean }, { roomId: string; typing: boolean }>(
  `mutation($roomId: ID!, $typing: Boolean!) { setTyping(roomId: $roomId, typing: $typing) }`,
);
const MODERATION_LIVE = gql<{ moderationEvents: { kind: string; message: { id: string } | null } }>(
  `subscription { moderationEvents { kind message { id } } }`,
);

let cluster: TestRedisCluster;
let stack: TestStack;
let a: TestApi;
let b: TestApi;
let worker: ModerationWorker;
let sql: pg.Client;
beforeAll(async () => {
  cluster = await startRedisCluster();
  stack = await TestStack.create();
  const redis = { REDIS_CLUSTER_NODES: cluster.nodes, SEND_RATE_LIMIT: "100000" };
  // No tail checks within the test: what followers get, they get through Redis or the holes its facts reveal.
  // Presence is renewed every 200 ms, so renewals are seen within a test.
  const replica = { ...redis, ROOM_TAIL_CHECK_MS: "600000", PRESENCE_HEARTBEAT_MS: "200" };
  a = await stack.startApiWithAdmin(replica);
  b = await stack.startApi(replica);
  // Jobs a killed master took with it are enqueued again from the outbox after two seconds.
  worker = startWorker(stack, { ...redis, OUTBOX_SWEEP_INTERVAL_MS: "250", OUTBOX_SWEEP_AGE_MS: "2000" });
  sql = await connectSql(stack.databaseUrl);
});
afterAll(async () => {
  try {
    await worker?.close();
    await sql?.end();
    await stack?.close();
  } finally {
    await cluster?.destroy();
  }
});

const roomChannel = (roomId: string) => `${stack.redisPrefix}room:${roomId}`;

async function send(api: TestApi, token: string, roomId: string, text: string) {
  const data = await api.client.as(token).ok(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });
  return data.sendMessage;
}

async function twoMembers(roomFor?: (alice: Awaited<ReturnType<typeof signUp>>) => Promise<{ id: string }>) {
  const alice = await signUp(a.client);
  const bob = await signUp(b.client);
  const room = roomFor ? await roomFor(alice) : await createRoom(alice.client);
  await bob.client.ok(JOIN_ROOM, { id: room.id });
  return { alice, bob, room };
}

async function roomEventsInPostgres(roomId: string): Promise<{ seq: number; kind: string }[]> {
  const result = await sql.query(`SELECT seq, kind FROM "RoomEvent" WHERE "roomId" = $1 ORDER BY seq`, [roomId]);
  return result.rows;
}

describe("on a Redis Cluster", () => {
  it("chats across replicas, hands verdicts out live, resumes, and uses a shard channel per room", async () => {
    const { alice, bob, room } = await twoMembers();
    const adminToken = (await a.client.ok(LOGIN, { input: TEST_ADMIN })).login.token;
    const moderator = wsClient(a.wsUrl, adminToken);
    const listening = countListeners(a, "moderation");
    const flags = collect(moderator, MODERATION_LIVE, {});
    await listening.until(1);
    let bobSocket: Client = wsClient(b.wsUrl, bob.token);
    const seen = collect(bobSocket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });

    await send(a, alice.token, room.id, "hello from the cluster");
    const flagged = await send(a, alice.token, room.id, "this is fucking annoying");
    const events = (await seen.until(4)).map(({ roomEvents }) => roomEvents);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(events.filter((event) => event.kind === "MESSAGE_MODERATED")).toHaveLength(2);
    await waitFor("the flag to reach the moderator", () =>
      flags.events.some(({ moderationEvents }) => moderationEvents.message?.id === flagged.id),
    );

    // The room's channel is a shard channel, on the master that owns its slot only: never broadcast.
    const channel = roomChannel(room.id);
    const owner = await cluster.masterOf(channel);
    expect(await cluster.node(owner).call("PUBSUB", "SHARDNUMSUB", channel)).toEqual([channel, 1]);
    for (const port of cluster.ports) {
      expect(await cluster.node(port).call("PUBSUB", "CHANNELS", `${stack.redisPrefix}*`)).toEqual([]);
      if (port !== owner) expect(await cluster.node(port).call("PUBSUB", "SHARDCHANNELS", channel)).toEqual([]);
    }

    // Bob goes away, misses a message and its verdict, and resumes where he was.
    await bobSocket.dispose();
    await send(a, alice.token, room.id, "while bob was away");
    bobSocket = wsClient(b.wsUrl, bob.token);
    const resumed = collect(bobSocket, ROOM_EVENTS, { roomId: room.id, afterSeq: 4 });
    expect((await resumed.until(2)).map(({ roomEvents }) => roomEvents.seq)).toEqual([5, 6]);
    await bobSocket.dispose();
    await moderator.dispose();
  });

  it("publishes the facts of many rooms together, one pipeline per master, each to its own shard", async () => {
    const publisher = createRedis(a.env);
    const subscriber = createRedis(a.env, { maxRetriesPerRequest: null, subscriber: true });
    try {
      const prefix = `${stack.redisPrefix}bus:`;
      const bus = new EventBus(publisher, subscriber, prefix);
      const rooms = Array.from({ length: 40 }, () => crypto.randomUUID());
      const heard = new Set<string>();
      await Promise.all(rooms.map((roomId) => bus.listen("room", roomId, (fact) => heard.add(fact.roomId))));
      const pipelines = vi.spyOn(publisher, "pipeline");
      await Promise.all(
        rooms.map((roomId) =>
          bus.publish("room", roomId, { roomId, seq: 1, kind: "MESSAGE_ADDED", messageId: roomId }),
        ),
      );
      await waitFor("every room's fact", () => heard.size === rooms.length);
      // The rooms span the three masters, and the facts that waited for the first went in one pipeline each.
      const masters = new Set(await Promise.all(rooms.map((roomId) => cluster.masterOf(`${prefix}room:${roomId}`))));
      expect(masters.size).toBe(3);
      expect(pipelines.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  });

  it("keeps presence and typing per room in one slot, and renews rooms of several shards at once", async () => {
    // Two rooms whose keys live on different masters: one renewal pipeline each.
    const { alice, bob, room } = await twoMembers();
    const presenceKey = (roomId: string) => `${stack.redisPrefix}presence:{${roomId}}`;
    let other = await createRoom(alice.client);
    for (
      let tries = 0;
      (await cluster.masterOf(presenceKey(other.id))) === (await cluster.masterOf(presenceKey(room.id)));
      tries++
    ) {
      if (tries === 30) throw new Error("no second room on another master in 30 tries");
      other = await createRoom(alice.client);
    }
    const aliceSocket = wsClient(a.wsUrl, alice.token);
    const bobSocket = wsClient(b.wsUrl, bob.token);
    const inOther = collect(aliceSocket, ROOM_PRESENCE, { roomId: other.id });
    collect(aliceSocket, ROOM_PRESENCE, { roomId: room.id });
    const seenByBob = collect(bobSocket, ROOM_PRESENCE, { roomId: room.id });
    const latest = () => seenByBob.events.at(-1)?.roomPresence;
    const usernames = (people: { username: string }[] | undefined) => people?.map((person) => person.username).sort();
    await waitFor("both people online in the room", () => latest()?.online.length === 2);
    expect(usernames(latest()?.online)).toEqual([alice.user.username, bob.user.username].sort());
    await inOther.until(1);

    await a.client.as(alice.token).ok(SET_TYPING, { roomId: room.id, typing: true });
    await waitFor("alice typing, seen on the other replica", () => latest()?.typing.length === 1);
    await send(a, alice.token, room.id, "done typing");
    await waitFor("the send to end her typing", () => latest()?.typing.length === 0);

    // Alice's entries in both rooms are renewed: their expiry moves on, on both masters.
    const expiry = async (roomId: string) => {
      const node = cluster.node(await cluster.masterOf(presenceKey(roomId)));
      const entries = (await node.call("ZRANGE", presenceKey(roomId), 0, -1, "WITHSCORES")) as string[];
      return Math.max(...entries.filter((_, index) => index % 2 === 1).map(Number));
    };
    const before = await Promise.all([room.id, other.id].map(expiry));
    await waitFor("alice's presence renewed in both rooms", async () => {
      const now = await Promise.all([room.id, other.id].map(expiry));
      return now.every((score, index) => score >= before[index]! + 300);
    });
    await Promise.all([aliceSocket.dispose(), bobSocket.dispose()]);
  });

  it("loses nothing acknowledged when the master of the queue and of a room is killed under load", async () => {
    // A room whose channel lives on the master that holds the moderation queue: the one worth killing.
    const queueMaster = await cluster.masterOf(`{${stack.redisPrefix}bull}:moderation:wait`);
    const roomOnQueueMaster = async (owner: { client: TestApi["client"] }) => {
      for (let tries = 0; tries < 30; tries++) {
        const candidate = await createRoom(owner.client);
        if ((await cluster.masterOf(roomChannel(candidate.id))) === queueMaster) return candidate;
      }
      throw new Error("no room's channel landed on the queue's master in 30 tries");
    };
    const { alice, bob, room } = await twoMembers(roomOnQueueMaster);
    // A second room on that master, first watched while the master is down: its SSUBSCRIBE fails at first.
    const quietRoom = await roomOnQueueMaster(alice);
    let lateFollower: ReturnType<typeof follow> | undefined;
    const followers = [follow(a, alice.token, room.id), follow(b, bob.token, room.id)];
    await send(a, alice.token, room.id, "before the failover");
    await waitFor("both followers to be live", () => followers.every((follower) => follower.seqs.length >= 1));

    // Two senders, one per replica, each sending as soon as the last send was answered.
    const acknowledged: { id: string; at: number }[] = [];
    const failures: { at: number; message: string }[] = [];
    let sending = true;
    const sender = async (api: TestApi, token: string) => {
      for (let index = 0; sending; index++) {
        try {
          const sent = await send(api, token, room.id, `load ${index} from ${api.url}`);
          acknowledged.push({ id: sent.id, at: Date.now() });
        } catch (error) {
          failures.push({ at: Date.now(), message: error instanceof Error ? error.message : String(error) });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const senders = [sender(a, alice.token), sender(b, bob.token)];

    try {
      await waitFor("20 messages acknowledged before the kill", () => acknowledged.length >= 20);
      const killedAt = Date.now();
      cluster.kill(queueMaster);
      lateFollower = follow(a, alice.token, quietRoom.id);
      // The nodes notice after the node timeout (1 s here), then the dead master's replica is elected in its place.
      await waitFor("a replica to take the killed master's slots", async () => {
        return (await cluster.masterOf(roomChannel(room.id))) !== queueMaster;
      });
      await cluster.healthy();
      const healthyAt = Date.now();
      // Both replicas' shard subscribers follow the room's slot to its new master by themselves.
      const newOwner = await cluster.masterOf(roomChannel(room.id));
      await waitFor("both replicas subscribed to the room on its new master", async () => {
        const reply = (await cluster.node(newOwner).call("PUBSUB", "SHARDNUMSUB", roomChannel(room.id))) as unknown[];
        return reply[1] === 2;
      });
      const resubscribedAt = Date.now();
      await waitFor(
        "20 messages acknowledged after the failover",
        () => acknowledged.filter((sent) => sent.at > healthyAt).length >= 20,
      );
      const during = acknowledged.filter((sent) => sent.at > killedAt && sent.at <= healthyAt).length;
      console.info(
        `failover: cluster healthy after ${healthyAt - killedAt} ms, room resubscribed after ${resubscribedAt - killedAt} ms; ` +
          `${acknowledged.length} sends acknowledged, ` +
          `${failures.length} failed (${[...new Set(failures.map((failure) => failure.message))].join(" | ")}); ` +
          `${during} acknowledged while the slots had no master`,
      );
    } finally {
      sending = false;
      await Promise.all(senders);
    }

    // Every acknowledged message is in Postgres and reaches a verdict (jobs lost with the master come back from the outbox).
    const stored = await sql.query(`SELECT id FROM "Message" WHERE "roomId" = $1`, [room.id]);
    const ids = stored.rows.map((row) => row.id as string);
    expect(ids).toEqual(expect.arrayContaining(acknowledged.map((sent) => sent.id)));
    await waitFor(
      "a verdict on every acknowledged message",
      async () => {
        const result = await sql.query(
          `SELECT count(*) FILTER (WHERE "moderationStatus" <> 'PENDING')::int AS judged,
                  (SELECT count(*)::int FROM "ModerationOutbox" WHERE "messageId" = ANY($1::uuid[])) AS owed
           FROM "Message" WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        const { judged, owed } = result.rows[0] as { judged: number; owed: number };
        return judged === ids.length && owed === 0;
      },
      30_000,
    );

    // Recovered without a restart: both replicas ready, a new message and its verdict reach everyone live.
    for (const api of [a, b])
      await waitFor(`${api.url} to be ready`, async () => (await fetch(`${api.url}/ready`)).status === 200);
    const late = await send(b, bob.token, room.id, "after the failover");
    await waitFor("a verdict on the last message", async () => {
      const result = await sql.query(`SELECT "moderationStatus" FROM "Message" WHERE id = $1`, [late.id]);
      return result.rows[0]?.moderationStatus !== "PENDING";
    });

    // Every follower ends with every event of the room, in order, once each.
    const logged = await roomEventsInPostgres(room.id);
    expect(logged.filter((event) => event.kind === "MESSAGE_MODERATED")).toHaveLength(ids.length + 1);
    for (const follower of followers) {
      await waitFor(
        `a follower to reach the room's last event (${JSON.stringify(follower.errors)})`,
        () => follower.seqs.at(-1) === logged.length,
        20_000,
      );
      expect(follower.seqs).toEqual(logged.map((event) => event.seq));
    }

    for (const follower of followers) await follower.stop();

    // The room first watched while its master was down is live on the new master too.
    await waitFor("the room watched during the failover subscribed on its new master", async () => {
      const owner = await cluster.masterOf(roomChannel(quietRoom.id));
      const reply = (await cluster.node(owner).call("PUBSUB", "SHARDNUMSUB", roomChannel(quietRoom.id))) as unknown[];
      return reply[1] === 1;
    });
    await send(a, alice.token, quietRoom.id, "now someone is listening");
    await waitFor(
      "the message and its verdict in the room watched during the failover",
      () => lateFollower?.seqs.join() === "1,2",
    );
    // Its subscription waited for the shard instead of failing.
    expect(lateFollower?.errors).toEqual([]);
    await lateFollower?.stop();
  });
});

/**
 * A room's events as a client follows them: from the start, and on any error or close
 * resuming after the last seq it saw (as the web app does).
 */
function follow(api: TestApi, token: string, roomId: string) {
  const seqs: number[] = [];
  const errors: unknown[] = [];
  let socket: Client;
  let stopped = false;
  const start = () => {
    socket = wsClient(api.wsUrl, token);
    const resume = (error?: unknown) => {
      if (stopped) return;
      errors.push(error ?? "completed");
      void socket.dispose();
      // A client waits a little before it tries again; a follower that keeps failing fails the test below.
      if (errors.length <= 20) setTimeout(start, 100);
    };
    socket.subscribe<{ roomEvents: RoomEvent }>(
      { query: ROOM_EVENTS, variables: { roomId, afterSeq: seqs.at(-1) ?? 0 } },
      {
        next: (result) => (result.data ? seqs.push(result.data.roomEvents.seq) : resume(result.errors)),
        error: resume,
        complete: resume,
      },
    );
  };
  start();
  return {
    seqs,
    errors,
    async stop() {
      stopped = true;
      await socket.dispose();
    },
  };
}
