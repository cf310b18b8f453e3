// The moderation part of `pnpm bench`: how many messages the worker moderates
// per second at its configured concurrency; the latency from sendMessage
// returning to the MESSAGE_MODERATED event reaching a subscriber at a fixed send
// rate; and what holding messages for their verdict (mode HOLD) adds to the time
// until another member sees a message, against a room that shows it at once
// (POST). The API and the worker run in processes of their own, as deployed: the
// load generator (this process) shares an event loop with neither.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { API_NODE_FLAGS } from "@chatmod/api/server/heap";
import { applyMigrations } from "@chatmod/core/migrate";
import { createModerationQueue } from "@chatmod/core/moderation-jobs";
import { createModerationRequests } from "@chatmod/core/moderation-owed";
import { parseWorkerEnv } from "@chatmod/worker/env";
import { createClient } from "graphql-ws";
import { Redis } from "ioredis";
import pg from "pg";
import WebSocket from "ws";
import { gql, type Operation } from "../helpers/gql.ts";
import { fixed, newHistogram, percentileMs, rssMb, table, thousands } from "./stats.ts";
import { deleteRedisPrefix, startServer } from "./systems/system.ts";

const POSTGRES = process.env["BENCH_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432";
const REDIS_URL = process.env["BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379";
const quick = process.env["BENCH_QUICK"] === "1";
const BACKLOG = quick ? 1_000 : 6_000;
const RATE = 200;
const SECONDS = quick ? 3 : 10;
// The worker's own default unless WORKER_CONCURRENCY says otherwise.
const CONCURRENCY = String(
  parseWorkerEnv({ WORKER_CONCURRENCY: process.env["WORKER_CONCURRENCY"] }).WORKER_CONCURRENCY,
);
const apiEntry = new URL("./systems/ours-server.ts", import.meta.url);
const sentences = [
  "hello there, how is everyone?",
  "this bug is terrible",
  "you are a fucking idiot",
  "I will kill you",
];

export async function benchModeration(): Promise<string> {
  const name = `chatmod_bench_mod_${randomBytes(4).toString("hex")}`;
  const databaseUrl = `${POSTGRES}/${name}`;
  const prefix = `benchmod${randomBytes(3).toString("hex")}:`;
  await applyMigrations(databaseUrl);
  // As the bench's other replicas run (systems/ours.ts): production, quiet, no send rate limit.
  const api = await startServer(
    apiEntry,
    "moderation-api",
    {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: "warn",
      SEND_RATE_LIMIT: "0",
      ADMIN_PASSWORD: randomBytes(18).toString("base64url"),
      MIGRATE_ON_START: "false",
    },
    [...API_NODE_FLAGS],
  );
  const { url } = api;
  const worker = startWorker({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    WORKER_CONCURRENCY: CONCURRENCY,
  });
  try {
    const { token, roomId, userId } = await setUp(url);
    const throughput = await measureThroughput(databaseUrl, prefix, roomId, userId);
    const latency = await measureLatency(url, token, roomId);
    const shown = { POST: await measureShown(url, token, "POST"), HOLD: await measureShown(url, token, "HOLD") };
    const rows = [
      [
        `worker, backlog of ${thousands(BACKLOG)}`,
        `${CONCURRENCY}`,
        thousands(throughput),
        "-",
        "-",
        "-",
        fixed(rssMb(worker.pid ?? 0), 0),
      ],
      [
        `send → verdict event, ${RATE} msg/s for ${SECONDS} s`,
        `${CONCURRENCY}`,
        "-",
        fixed(latency.p50),
        fixed(latency.p99),
        `${latency.lost}`,
        fixed(rssMb(worker.pid ?? 0), 0),
      ],
      ...(["POST", "HOLD"] as const).map((mode) => [
        `send → shown to another member, ${mode}, ${RATE} msg/s`,
        `${CONCURRENCY}`,
        "-",
        fixed(shown[mode].p50),
        fixed(shown[mode].p99),
        `${shown[mode].lost}`,
        fixed(rssMb(worker.pid ?? 0), 0),
      ]),
    ];
    const added = (percentile: "p50" | "p99") => fixed(shown.HOLD[percentile] - shown.POST[percentile]);
    return `${table(["moderation", "concurrency", "messages/s", "p50 ms", "p99 ms", "lost", "worker RSS MB"], rows)}
Hold for verdict adds ${added("p50")} ms at p50 and ${added("p99")} ms at p99 to the time until another member sees a clean message.`;
  } finally {
    worker.kill("SIGTERM");
    await api.child.stop();
    await deleteRedisPrefix(REDIS_URL, prefix);
    const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

function startWorker(env: Record<string, string>): ChildProcess {
  const cwd = fileURLToPath(new URL("../../worker", import.meta.url));
  return spawn(process.execPath, ["src/main.ts"], {
    cwd,
    env: { ...process.env, ...env, LOG_LEVEL: "warn", OUTBOX_SWEEP_INTERVAL_MS: "60000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function graphql<Result, Variables>(
  url: string,
  token: string | null,
  query: Operation<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: unknown };
  if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const REGISTER = gql<
  { register: { token: string; user: { id: string } } },
  { i: { username: string; password: string } }
>(`mutation($i: CredentialsInput!) { register(input: $i) { token user { id } } }`);
const CREATE_ROOM = gql<{ createRoom: { id: string } }, { slug: string }>(
  `mutation($slug: String!) { createRoom(input: { slug: $slug, name: "Bench" }) { id } }`,
);
const JOIN = gql<{ joinRoom: { id: string } }, { id: string }>(`mutation($id: ID!) { joinRoom(roomId: $id) { id } }`);
// The bench sends abuse on purpose, far past any escalation: its sender must not be timed out.
const SETTINGS = gql<{ updateRoomPolicy: { id: string } }, { id: string; mode: string }>(
  `mutation($id: ID!, $mode: ModerationMode!) {
    updateRoomPolicy(roomId: $id, input: { moderationMode: $mode, escalation: { enabled: false } }) { id } }`,
);
const SEND = gql<{ sendMessage: { id: string } }, { i: { roomId: string; text: string; clientId: string } }>(
  `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`,
);

async function register(url: string) {
  const username = `bench${randomBytes(3).toString("hex")}`;
  const registered = await graphql(url, null, REGISTER, { i: { username, password: "benchmark password" } });
  return { token: registered.register.token, userId: registered.register.user.id };
}

async function roomIn(url: string, token: string, mode: "POST" | "HOLD"): Promise<string> {
  const slug = `bench-${mode.toLowerCase()}-${randomBytes(3).toString("hex")}`;
  const room = await graphql(url, token, CREATE_ROOM, { slug });
  await graphql(url, token, SETTINGS, { id: room.createRoom.id, mode });
  return room.createRoom.id;
}

async function setUp(url: string) {
  const { token, userId } = await register(url);
  return { token, roomId: await roomIn(url, token, "POST"), userId };
}

/** A backlog written straight to Postgres (as sendMessage would), enqueued at once; timed until all are decided. */
async function measureThroughput(databaseUrl: string, prefix: string, roomId: string, userId: string) {
  const ids = Array.from({ length: BACKLOG }, () => crypto.randomUUID());
  const owedAt = new Date();
  // One statement, as sendMessage stores a batch: Prisma's createMany would split 6,000 rows into
  // chunks sent at once on the transaction's one connection, which node-postgres warns about.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `WITH room AS (
      UPDATE "Room" SET "lastSeq" = "lastSeq" + $3 WHERE id = $1::uuid RETURNING "lastSeq" - $3 AS base
    ), input AS (
      SELECT * FROM unnest($4::uuid[], $5::text[]) WITH ORDINALITY AS t(id, text, position)
    ), message AS (
      INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text)
      SELECT input.id, $1::uuid, $2::uuid, room.base + input.position, input.id::text, input.text
      FROM input CROSS JOIN room
      RETURNING id, seq
    ), event AS (
      INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId")
      SELECT $1::uuid, seq, 'MESSAGE_ADDED', id FROM message
    )
    INSERT INTO "ModerationOutbox" ("messageId", "createdAt") SELECT id, $6::timestamptz FROM message`,
    [roomId, userId, BACKLOG, ids, ids.map((_, i) => sentences[i % sentences.length]!), owedAt.toISOString()],
  );
  const redis = new Redis(REDIS_URL);
  const queue = createModerationQueue(redis, prefix);
  // The worker process takes about half a second to boot: that is not moderation throughput.
  while ((await queue.getWorkersCount()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  // Requested as the API requests them (the owed list), as after a spell with no worker running.
  const requestModeration = createModerationRequests(redis, prefix);
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 500)
    await Promise.all(ids.slice(i, i + 500).map((id) => requestModeration(id, owedAt)));
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM "Message" WHERE "roomId" = $1::uuid AND "moderationStatus" = 'PENDING'`,
      [roomId],
    );
    if (rows[0]?.pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await queue.close();
  await redis.quit();
  await db.end();
  return BACKLOG / seconds;
}

/**
 * Times each message from sendMessage returning to a subscriber receiving what the bench waits
 * for, whichever of the two comes first: an event faster than the HTTP answer counts as the
 * smallest measurable latency.
 */
class Stopwatch {
  readonly histogram = newHistogram();
  arrivals = 0;
  private readonly started = new Map<string, number>();
  private readonly early = new Set<string>();

  returned(id: string): void {
    if (this.early.delete(id)) this.histogram.recordValue(1);
    else this.started.set(id, performance.now());
  }

  arrived(id: string): void {
    this.arrivals++;
    const at = this.started.get(id);
    if (at === undefined) this.early.add(id);
    else this.histogram.recordValue(Math.max(1, Math.round((performance.now() - at) * 1000)));
  }
}

type Watched = { roomEvents: { kind: string; message: { id: string; text: string | null } } };

/** A member watches the room while RATE messages a second are sent for SECONDS; their figures as the bench prints them. */
async function timeDeliveries(
  url: string,
  sender: string,
  watcher: string,
  roomId: string,
  textOf: (index: number) => string,
  /** The message id an event completes, or null for an event the bench does not wait for. */
  completes: (event: Watched["roomEvents"]) => string | null,
) {
  const stopwatch = new Stopwatch();
  const client = createClient({
    url: `${url.replace("http", "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: watcher },
    retryAttempts: 0,
  });
  const unsubscribe = client.subscribe<Watched>(
    {
      query: `subscription($r: ID!) { roomEvents(roomId: $r) { kind message { id text } } }`,
      variables: { r: roomId },
    },
    {
      next: ({ data }) => {
        const id = data ? completes(data.roomEvents) : null;
        if (id) stopwatch.arrived(id);
      },
      error: () => {},
      complete: () => {},
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const total = RATE * SECONDS;
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(
      graphql(url, sender, SEND, { i: { roomId, text: textOf(i), clientId: crypto.randomUUID() } }).then((data) =>
        stopwatch.returned(data.sendMessage.id),
      ),
    );
  }
  await Promise.all(sends);
  const deadline = Date.now() + 30_000;
  while (stopwatch.arrivals < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();
  await client.dispose();
  const { histogram } = stopwatch;
  return { p50: percentileMs(histogram, 50), p99: percentileMs(histogram, 99), lost: total - stopwatch.arrivals };
}

/** The sender watches its own room: latency = its MESSAGE_MODERATED event received − sendMessage returned. */
function measureLatency(url: string, token: string, roomId: string) {
  return timeDeliveries(
    url,
    token,
    token,
    roomId,
    (i) => sentences[i % sentences.length]!,
    (event) => (event.kind === "MESSAGE_MODERATED" ? event.message.id : null),
  );
}

/**
 * Another member watches a room of the given mode while clean messages are sent: latency = the
 * first event that shows them the text − sendMessage returned. In POST that is the MESSAGE_ADDED
 * event; in HOLD, the verdict's MESSAGE_MODERATED.
 */
async function measureShown(url: string, token: string, mode: "POST" | "HOLD") {
  const roomId = await roomIn(url, token, mode);
  const reader = await register(url);
  await graphql(url, reader.token, JOIN, { id: roomId });
  const clean = ["hello there, how is everyone?", "see you at the meeting tomorrow"];
  const shown = new Set<string>();
  return timeDeliveries(
    url,
    token,
    reader.token,
    roomId,
    (i) => `${clean[i % clean.length]} #${i}`,
    ({ message }) => {
      if (message.text === null || shown.has(message.id)) return null;
      shown.add(message.id);
      return message.id;
    },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await benchModeration());
  process.exit(0);
}
