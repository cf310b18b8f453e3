import { Redis } from "ioredis";
import { type Child, spawn } from "../ipc.ts";
import type { ClientParams, SystemName } from "../load/protocol.ts";

/** A system under test: its server processes and what clients need to use it. */
export type System = {
  name: SystemName;
  /** The Redis it relays through (for its command statistics). */
  redisUrl: string;
  servers: Server[];
  /** Client parameters as of now, for a load in `rooms` rooms (ours: afterSeq is each room's current lastSeq). */
  clientParams(servers?: Server[], rooms?: number): Promise<ClientParams>;
  /** ours: starts a moderation worker, for steps that count the worker's CPU too; its caller stops it. */
  startWorker?(): Promise<Child>;
  /** ours: messages whose moderation is still owed (the outbox). */
  moderationBacklog?(): Promise<number>;
  /** Starts one more server process of the same system (ours: the idle-socket replica). */
  startServer(name: string): Promise<Server>;
  /** The Postgres backends serving this system (ours), for CPU accounting. */
  postgresPids?(): Promise<number[]>;
  /** ours: stops every server and starts fresh ones on the same database and prefix (a deploy). */
  restartServers?(): Promise<void>;
  /** ours: ends every Postgres backend serving the system; the replicas connect again on their next statement. */
  endPostgresBackends?(): Promise<void>;
  /** Replaces server processes that have died (same database and prefix, new port). */
  revive(): Promise<string[]>;
  /** Stops the servers and removes the database and the Redis keys. */
  stop(): Promise<void>;
};

export type Server = { child: Child; url: string };

export async function startServer(
  entry: URL,
  name: string,
  env: Record<string, string | undefined>,
  execArgv: string[] = [],
): Promise<Server> {
  // BENCH_NODE_FLAGS: extra Node/V8 flags for every server process (e.g. "--trace-gc"), to study one change at a time.
  const child = spawn(entry, name, {
    env: { ...process.env, ...env },
    execArgv: ["--expose-gc", ...(process.env["BENCH_NODE_FLAGS"]?.split(" ").filter(Boolean) ?? []), ...execArgv],
  });
  const listening = await child.once<{ event: string; url: string }>("listening", 60_000);
  return { child, url: listening.url };
}

/** Replaces the dead servers in `servers` (in place) with new ones from `start`; returns the names replaced. */
export async function reviveServers(servers: Server[], start: (name: string) => Promise<Server>): Promise<string[]> {
  const revived: string[] = [];
  for (const [i, server] of servers.entries()) {
    if (!server.child.crashed) continue;
    servers[i] = await start(`${server.child.name.replace(/-restart\d+$/, "")}-restart${Date.now() % 100_000}`);
    revived.push(server.child.name);
  }
  return revived;
}

/** Redis's own account of its commands so far: calls and CPU microseconds, by command. */
export async function redisCommandStats(redisUrl: string): Promise<Map<string, { calls: number; usec: number }>> {
  const redis = new Redis(redisUrl);
  try {
    const info = await redis.info("commandstats");
    const stats = new Map<string, { calls: number; usec: number }>();
    for (const match of info.matchAll(/^cmdstat_(\S+?):calls=(\d+),usec=(\d+)/gm))
      stats.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
    return stats;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under the prefix (SCAN, bounded). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    // The queue's keys start with the prefix in a hash tag: "{<prefix>bull}:moderation:...".
    for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
      let cursor = "0";
      for (let round = 0; round < 10_000; round++) {
        const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        if (keys.length > 0) deleted += await redis.del(...keys);
        cursor = next;
        if (cursor === "0") break;
      }
    }
  } finally {
    await redis.quit();
  }
  return deleted;
}
