import { randomBytes } from "node:crypto";
import { API_NODE_FLAGS } from "@chatmod/api/server/heap";
import { applyMigrations } from "@chatmod/core/migrate";
import pg from "pg";
import { type Child, spawn } from "../ipc.ts";
import type { OursSendTransport } from "../load/protocol.ts";
import { deleteRedisPrefix, reviveServers, type Server, type System, startServer } from "./system.ts";

const entry = new URL("./ours-server.ts", import.meta.url);
const workerEntry = new URL("./ours-worker.ts", import.meta.url);
const USERS = 10;

/**
 * Our API: replicas as child processes on a fresh, migrated database and a
 * unique Redis prefix. NODE_ENV=production, as deployed (libraries skip their
 * development checks: Prisma, for one, records no call site per query), quiet
 * logs, no send rate limit. A handful of users join the rooms (one, or as many as a load
 * asks for); the first one publishes. The moderation worker runs only when a step asks.
 */
export async function startOurs(postgresUrl: string, redisUrl: string, sendOver: OursSendTransport): Promise<System> {
  const id = randomBytes(4).toString("hex");
  const database = `chatmod_bench_${id}`;
  const databaseUrl = `${postgresUrl}/${database}`;
  const prefix = `bench${id}:`;
  const servers: Server[] = [];
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: "warn",
    SEND_RATE_LIMIT: "0",
    // Production requires one; nobody signs in with it.
    ADMIN_PASSWORD: randomBytes(18).toString("base64url"),
    MIGRATE_ON_START: "false",
  };
  // Started as production starts the API: with its heap flags.
  const start = (name: string) => startServer(entry, name, env, [...API_NODE_FLAGS]);
  const startMore = async (name: string) => {
    const server = await start(name);
    servers.push(server);
    return server;
  };
  let worker: Child | null = null;
  const stop = async () => {
    await Promise.all([...servers.map((server) => server.child.stop()), worker?.stop()]);
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await deleteRedisPrefix(redisUrl, prefix);
  };

  try {
    await applyMigrations(databaseUrl);
    await Promise.all([startMore("ours-a"), startMore("ours-b")]);
    const url = servers[0]!.url;
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => register(url, `bench${id}_${i}`)));
    const roomIds: string[] = [];
    const addRoom = async () => {
      const room = await gql<{ createRoom: { id: string } }>(
        url,
        `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
        { input: { slug: `bench-${id}-${roomIds.length}`, name: "Bench" } },
        users[0],
      );
      const join = `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`;
      await Promise.all(users.slice(1).map((token) => gql(url, join, { id: room.createRoom.id }, token)));
      // The publisher sends thousands of near-identical messages: the worker, when it runs, flags
      // them as a flood, and the room's automatic timeouts would silence the publisher.
      await gql(
        url,
        `mutation($id: ID!) { updateRoomPolicy(roomId: $id, input: { escalation: { enabled: false } }) { id } }`,
        { id: room.createRoom.id },
        users[0],
      );
      roomIds.push(room.createRoom.id);
    };
    await addRoom();

    return {
      name: "ours",
      redisUrl,
      servers,
      clientParams: async (only = servers, rooms = 1) => {
        while (roomIds.length < rooms) await addRoom();
        const lastSeqs = await adminQuery<{ id: string; lastSeq: number }>(
          postgresUrl,
          `SELECT id, "lastSeq" FROM "Room" WHERE id = ANY($1::uuid[])`,
          [roomIds.slice(0, rooms)],
          database,
        );
        const lastSeq = new Map(lastSeqs.map((room) => [room.id, room.lastSeq]));
        return {
          system: "ours",
          urls: only.map((server) => server.url),
          tokens: users,
          rooms: roomIds.slice(0, rooms).map((roomId) => ({ id: roomId, afterSeq: lastSeq.get(roomId) ?? 0 })),
          sendOver,
        };
      },
      moderationBacklog: async () => {
        const [row] = await adminQuery<{ owed: number }>(
          postgresUrl,
          `SELECT count(*)::int AS owed FROM "ModerationOutbox"`,
          [],
          database,
        );
        return row?.owed ?? 0;
      },
      startWorker: async () => {
        // One at a time: a load that asks for it stops it when it ends.
        if (worker?.alive) throw new Error("the moderation worker is already running");
        worker = spawn(workerEntry, "ours-worker", {
          env: { ...process.env, ...env, LOG_LEVEL: "warn", METRICS_PORT: "0" },
          execArgv: ["--expose-gc"],
        });
        await worker.once("listening", 60_000);
        return worker;
      },
      startServer: startMore,
      revive: () => reviveServers(servers, start),
      endPostgresBackends: async () => {
        await adminQuery(
          postgresUrl,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [database],
        );
      },
      restartServers: async () => {
        await Promise.all(servers.map((server) => server.child.stop()));
        const fresh = await Promise.all(servers.map((server) => start(`${server.child.name}-restarted`)));
        servers.splice(0, servers.length, ...fresh);
      },
      postgresPids: async () => {
        const result = await adminQuery<{ pid: number }>(
          postgresUrl,
          "SELECT pid FROM pg_stat_activity WHERE datname = $1",
          [database],
        );
        return result.map((row) => row.pid);
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

async function register(url: string, username: string): Promise<string> {
  const data = await gql<{ register: { token: string } }>(
    url,
    `mutation($input: CredentialsInput!) { register(input: $input) { token } }`,
    { input: { username, password: "bench password 123" } },
  );
  return data.register.token;
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

async function adminQuery<T extends pg.QueryResultRow>(
  postgresUrl: string,
  sql: string,
  values: unknown[] = [],
  database = "postgres",
) {
  const client = new pg.Client({ connectionString: `${postgresUrl}/${database}` });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
