import { randomBytes } from "node:crypto";
import { applyMigrations } from "@chatmod/core/migrate";
import pg from "pg";
import type { OursSendTransport } from "../load/protocol.ts";
import { deleteRedisPrefix, reviveServers, type Server, type System, startServer } from "./system.ts";

const entry = new URL("./ours-server.ts", import.meta.url);
const USERS = 10;

/**
 * Our API: replicas as child processes on a fresh, migrated database and a
 * unique Redis prefix. NODE_ENV=production, as deployed (libraries skip their
 * development checks: Prisma, for one, records no call site per query), quiet
 * logs, no send rate limit. A handful of users join one room; the first one publishes.
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
  const start = (name: string) => startServer(entry, name, env);
  const startMore = async (name: string) => {
    const server = await start(name);
    servers.push(server);
    return server;
  };
  const stop = async () => {
    await Promise.all(servers.map((server) => server.child.stop()));
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await deleteRedisPrefix(redisUrl, prefix);
  };

  try {
    await applyMigrations(databaseUrl);
    await Promise.all([startMore("ours-a"), startMore("ours-b")]);
    const url = servers[0]!.url;
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => register(url, `bench${id}_${i}`)));
    const room = await gql<{ createRoom: { id: string } }>(
      url,
      `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      { input: { slug: `bench-${id}`, name: "Bench" } },
      users[0],
    );
    const roomId = room.createRoom.id;
    const join = `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`;
    await Promise.all(users.slice(1).map((token) => gql(url, join, { id: roomId }, token)));

    return {
      name: "ours",
      servers,
      clientParams: async (only = servers) => {
        const { room } = await gql<{ room: { lastSeq: number } }>(
          url,
          `query($id: ID!) { room(id: $id) { lastSeq } }`,
          { id: roomId },
          users[0],
        );
        return {
          system: "ours",
          urls: only.map((server) => server.url),
          tokens: users,
          roomId,
          afterSeq: room.lastSeq,
          sendOver,
        };
      },
      startServer: startMore,
      revive: () => reviveServers(servers, start),
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

async function adminQuery<T extends pg.QueryResultRow>(postgresUrl: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: `${postgresUrl}/postgres` });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
