import { type Child, sleep, spawn } from "./ipc.ts";
import { roomIndexOf, type SystemName } from "./load/protocol.ts";
import {
  type CpuGroups,
  measureCpu,
  mergeHistograms,
  percentileMs,
  pidsNamed,
  sampleRss,
  waitForQuiet,
} from "./stats.ts";
import { redisCommandStats, type Server, type System } from "./systems/system.ts";

/** A connected load: subscriber workers holding S sockets spread over the rooms, and a publisher. */
export type Load = {
  system: System;
  servers: Server[];
  workers: Child[];
  publisher: Child;
  S: number;
  rooms: number;
  /** ours: the moderation worker, when this load runs it (its CPU is counted apart). */
  moderationWorker: Child | null;
  notes: string[];
};

export type Row = {
  system: SystemName;
  S: number;
  rooms: number;
  /** Whether the moderation worker ran during the step (ours). */
  moderated: boolean;
  rate: number;
  /** Messages sent in the step, and deliveries received: what the CPU seconds are divided by. */
  messages: number;
  deliveries: number;
  deliveriesPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** p99 by consecutive part of the step (by send order), when the step asked for slices. */
  sliceP99: number[];
  lost: number;
  peakRssMb: number[];
  /** JS heap in use after the step, after a full GC, per server: growth across steps is retained state. */
  heapAfterGcMb: number[];
  pass: boolean;
  /** Diagnostics. */
  sendP50: number;
  sendP99: number;
  sendFailed: number;
  publisherLagMs: number;
  /** Percent of one core over the step, per process group. */
  cpu: Record<string, number>;
  /** CPU seconds used in the step, per process group. */
  cpuSeconds: Record<string, number>;
  /** Redis commands per published message: calls and Redis CPU µs, by command (every client of that Redis). */
  redisCommands: [command: string, calls: number, usec: number][];
  /** ours: SQL statements per published message (both replicas), in total and the most frequent shapes. */
  sqlPerMessage: number | null;
  topStatements: [string, number][];
  notes: string[];
};

type Counts = {
  received: number;
  unique: number;
  duplicates: number;
  laterEvents: number;
  stale: number;
  withAny: number;
};
type Report = Counts & { closed: number; errors: number; last: string; latency: string; slices: string[] };
type Published = {
  attempted: number;
  ok: number;
  failed: number;
  unanswered: number;
  lastError: string;
  maxLagMs: number;
  seconds: number;
  rtt: string;
};

export type StepOptions = {
  seconds: number;
  drainMs: number;
  p99LimitMs: number;
  /** Before a step, wait up to `quietWaitSeconds` for the machine to be under `quietPercent` busy (one core = 100). */
  quietPercent: number;
  quietWaitSeconds: number;
  /** A failed step during which other processes used more than this (one core = 100) is run again, at most `noiseRetries` times. */
  noisePercent: number;
  noiseRetries: number;
  attempt?: number;
  label?: string;
  retried?: string;
  /** Also measure p99 in this many consecutive parts of the step (by send order). */
  slices?: number;
};

const subscriberEntry = new URL("./load/subscribers.ts", import.meta.url);
const publisherEntry = new URL("./load/publisher.ts", import.meta.url);
let stepIds = 0;
let loadIds = 0;
const log = (line: string) => console.error(`[bench] ${line}`);

export type LoadOptions = {
  S: number;
  workers?: number;
  servers?: Server[];
  /** One source address per worker (127.0.0.x), for more than one address's worth of ephemeral ports. */
  localAddresses?: string[];
  concurrency?: number;
  /** Rooms the subscribers and messages are spread over (roomIndexOf); 1 unless said. */
  rooms?: number;
  /** ours: run the moderation worker during the steps. */
  moderate?: boolean;
  /** Load processes that already ran (loadProcesses): connected for this load, disconnected after, left running. */
  processes?: LoadProcesses;
};

export type LoadProcesses = { workers: Child[]; publisher: Child; stop(): Promise<void> };

/** Subscriber workers and a publisher that outlive one load, so a later load meets servers with warm clients. */
export function loadProcesses(tag: string, workerCount = 2): LoadProcesses {
  const workers = Array.from({ length: workerCount }, (_, i) => spawn(subscriberEntry, `${tag}-subscribers-${i}`));
  const publisher = spawn(publisherEntry, `${tag}-publisher`);
  return {
    workers,
    publisher,
    stop: async () => {
      await Promise.allSettled([...workers, publisher].map((child) => child.call("close", undefined, 10_000)));
      await Promise.allSettled([...workers, publisher].map((child) => child.stop(5_000)));
    },
  };
}

/** Connects S subscribers (spread evenly over the servers) and a publisher, checks they are live, runs `use`, closes. */
export async function withLoad<T>(system: System, options: LoadOptions, use: (load: Load) => Promise<T>): Promise<T> {
  const revived = await system.revive();
  if (revived.length > 0) log(`${system.name}: restarted crashed ${revived.join(", ")}`);
  const servers = options.servers ?? system.servers;
  const workerCount = options.processes?.workers.length ?? options.workers ?? 2;
  const rooms = options.rooms ?? 1;
  const params = await system.clientParams(servers, rooms);
  const moderationWorker = options.moderate && system.startWorker ? await system.startWorker() : null;
  const tag = `${system.name}-${++loadIds}-S${options.S}`;
  const { workers, publisher } = options.processes ?? loadProcesses(tag, workerCount);
  try {
    await publisher.call("setup", params);
    const started = performance.now();
    let offset = 0;
    const connected = await Promise.all(
      workers.map((worker, i) => {
        const count = Math.floor(options.S / workerCount) + (i < options.S % workerCount ? 1 : 0);
        const args = {
          params,
          count,
          offset,
          localAddress: options.localAddresses?.[i],
          concurrency: options.concurrency ?? 50,
        };
        offset += count;
        return worker.call<{ connected: number; failed: number }>("connect", args, 600_000);
      }),
    );
    const S = connected.reduce((sum, result) => sum + result.connected, 0);
    const failed = options.S - S;
    const notes = failed > 0 ? [`${failed} of ${options.S} subscribers failed to connect`] : [];
    const load: Load = { system, servers, workers, publisher, S, rooms, moderationWorker, notes };
    const probeRounds = await probe(load);
    log(
      `${system.name}: ${S} subscribers connected and live in ${((performance.now() - started) / 1000).toFixed(1)} s` +
        ` (${probeRounds} probe round${probeRounds > 1 ? "s" : ""})${failed ? `, ${failed} failed` : ""}`,
    );
    return await use(load);
  } finally {
    if (options.processes)
      await Promise.allSettled([...workers, publisher].map((child) => child.call("disconnect", undefined, 10_000)));
    else {
      await Promise.allSettled([...workers, publisher].map((child) => child.call("close", undefined, 10_000)));
      await Promise.allSettled([...workers, publisher].map((child) => child.stop(5_000)));
    }
    await moderationWorker?.stop();
  }
}

async function setStep(load: Load, step: number, size: number, slices = 0): Promise<void> {
  await Promise.all(load.workers.map((worker) => worker.call("step", { step, size, slices })));
}

async function counts(load: Load): Promise<Counts> {
  const all = await Promise.all(load.workers.map((worker) => worker.call<Counts>("count")));
  const total: Counts = { received: 0, unique: 0, duplicates: 0, laterEvents: 0, stale: 0, withAny: 0 };
  for (const one of all) for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += one[key];
  return total;
}

/** Sends a message per room and server each round until every subscriber has received one: all are live. */
async function probe(load: Load): Promise<number> {
  const size = Math.max(2, load.servers.length * load.rooms);
  for (let round = 1; round <= 20; round++) {
    const step = ++stepIds;
    await setStep(load, step, size);
    await load.publisher.call("run", { step, rate: size * 5, seconds: 0.2 }, 60_000);
    const deadline = Date.now() + 3_000 + load.S / 2;
    while (Date.now() < deadline) {
      if ((await counts(load)).withAny >= load.S) return round;
      await sleep(100);
    }
  }
  const seen = await counts(load);
  const reports = await Promise.all(load.workers.map((worker) => worker.call<Report>("report")));
  const problems = reports.map((report) => report.last).filter(Boolean);
  throw new Error(
    `${load.system.name}: ${load.S - seen.withAny} of ${load.S} subscribers received no probe message in 20 rounds` +
      (problems.length ? ` (${problems.join("; ")})` : ""),
  );
}

/** ours only: statements sent so far by the replicas of this load, summed by shape. */
async function statements(load: Load): Promise<Map<string, number> | null> {
  if (load.system.name !== "ours") return null;
  const total = new Map<string, number>();
  for (const server of load.servers) {
    if (!server.child.alive) return null;
    const counts = await server.child.call<Record<string, number>>("statements").catch(() => null);
    if (!counts) return null;
    for (const [shape, count] of Object.entries(counts)) total.set(shape, (total.get(shape) ?? 0) + count);
  }
  return total;
}

/** One measured step: publish at `rate` for `seconds`, wait for the deliveries to drain, gather the numbers. */
export async function runStep(load: Load, rate: number, options: StepOptions): Promise<Row> {
  const busy = await waitForQuiet(options.quietPercent, options.quietWaitSeconds);
  const step = ++stepIds;
  const size = Math.max(1, Math.round(rate * options.seconds));
  await setStep(load, step, size, options.slices);
  const serverPids = load.servers.map((server) => server.child.pid);
  const postgresPids = (await load.system.postgresPids?.()) ?? [];
  const groups: CpuGroups = {
    servers: () => serverPids,
    postgres: () => postgresPids,
    redis: () => pidsNamed(["redis-server"]),
    load: () => [...load.workers, load.publisher].map((child) => child.pid),
    ...(load.moderationWorker ? { worker: () => [load.moderationWorker!.pid] } : {}),
  };
  const rss = sampleRss(serverPids);
  const cpu = measureCpu(groups);
  const sqlBefore = await statements(load);
  const redisBefore = await redisCommandStats(load.system.redisUrl);
  const started = performance.now();

  const sent = await load.publisher.call<Published>(
    "run",
    { step, rate, seconds: options.seconds },
    60_000 + 1000 * options.seconds,
  );
  const expected = expectedDeliveries(sent.attempted, load.S, load.servers.length, load.rooms);
  let seen = await counts(load);
  let lastChange = performance.now();
  const drainUntil = Date.now() + options.drainMs;
  while (seen.unique < expected && Date.now() < drainUntil) {
    await sleep(50);
    const now = await counts(load);
    if (now.unique > seen.unique) lastChange = performance.now();
    seen = now;
  }
  const elapsed = (lastChange - started) / 1000;
  const peaks = rss.stop();
  const { percent: cpuUse, seconds: cpuSeconds } = cpu.stop();
  const sqlAfter = await statements(load);
  const redisAfter = await redisCommandStats(load.system.redisUrl);
  const sqlDelta = [...(sqlAfter ?? [])].map(([shape, count]): [string, number] => [
    shape,
    (count - (sqlBefore?.get(shape) ?? 0)) / sent.attempted,
  ]);

  const reports = await Promise.all(load.workers.map((worker) => worker.call<Report>("report")));
  const heaps = await Promise.all(
    load.servers.map((server) =>
      server.child.call<{ heapUsed: number }>("memory", { gc: true }, 60_000).catch(() => ({ heapUsed: Number.NaN })),
    ),
  );
  const latency = mergeHistograms(reports.map((report) => report.latency));
  const sendRtt = mergeHistograms([sent.rtt]);
  const unique = reports.reduce((sum, report) => sum + report.unique, 0);
  const notes = [...load.notes];
  if (options.retried) notes.push(options.retried);
  if (busy >= options.quietPercent) notes.push(`machine ${busy.toFixed(0)}% busy before the step`);
  if ((cpuUse["other"] ?? 0) > options.noisePercent)
    notes.push(`other processes used ${cpuUse["other"]?.toFixed(0)}% CPU`);
  const sum = (key: "duplicates" | "laterEvents" | "closed" | "errors") =>
    reports.reduce((total, report) => total + report[key], 0);
  if (sum("duplicates")) notes.push(`${sum("duplicates")} duplicates`);
  if (sum("laterEvents")) notes.push(`${sum("laterEvents")} verdict events`);
  if (sum("closed")) notes.push(`${sum("closed")} sockets closed`);
  if (sum("errors")) notes.push(`${sum("errors")} client errors`);
  const lastProblem = reports.find((report) => report.last)?.last;
  if (lastProblem) notes.push(`last: ${lastProblem}`);
  for (const server of load.servers)
    if (server.child.crashed) notes.push(`SERVER ${server.child.name} CRASHED: ${server.child.lastError()}`);
  if (sent.failed || sent.unanswered) notes.push(`${sent.failed + sent.unanswered} sends failed: ${sent.lastError}`);

  const row: Row = {
    system: load.system.name,
    S: load.S,
    rooms: load.rooms,
    moderated: load.moderationWorker !== null,
    rate,
    messages: sent.attempted,
    deliveries: unique,
    deliveriesPerSecond: unique / Math.max(elapsed, sent.seconds),
    p50: percentileMs(latency, 50),
    p90: percentileMs(latency, 90),
    p99: percentileMs(latency, 99),
    sliceP99: Array.from({ length: options.slices ?? 0 }, (_, slice) =>
      percentileMs(mergeHistograms(reports.map((report) => report.slices[slice]!)), 99),
    ),
    lost: expected - unique,
    peakRssMb: peaks,
    heapAfterGcMb: heaps.map((heap) => heap.heapUsed / 1024 / 1024),
    pass: false,
    sendP50: percentileMs(sendRtt, 50),
    sendP99: percentileMs(sendRtt, 99),
    sendFailed: sent.failed + sent.unanswered,
    publisherLagMs: sent.maxLagMs,
    cpu: cpuUse,
    cpuSeconds,
    sqlPerMessage: sqlAfter ? sqlDelta.reduce((sum, [, perMessage]) => sum + perMessage, 0) : null,
    redisCommands: [...redisAfter]
      .map(([command, after]): [string, number, number] => {
        const before = redisBefore.get(command) ?? { calls: 0, usec: 0 };
        return [command, (after.calls - before.calls) / sent.attempted, (after.usec - before.usec) / sent.attempted];
      })
      .filter(([, calls]) => calls > 0)
      .sort((a, b) => b[2] - a[2])
      .slice(0, 12),
    topStatements: sqlDelta
      .filter(([, perMessage]) => perMessage > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20),
    notes,
  };
  row.pass = row.lost === 0 && row.p99 < options.p99LimitMs && load.servers.every((server) => server.child.alive);
  log(
    `${options.label ? `(${options.label}) ` : ""}${row.system} S=${row.S} rate=${rate}: ${Math.round(row.deliveriesPerSecond)} deliveries/s, ` +
      `p50 ${row.p50.toFixed(1)} p99 ${row.p99.toFixed(1)} ms` +
      `${row.sliceP99.length ? ` (by part ${row.sliceP99.map((value) => value.toFixed(0)).join("/")})` : ""}, ` +
      `send p99 ${row.sendP99.toFixed(1)} ms, lost ${row.lost}, ` +
      `CPU% servers ${cpuUse["servers"]?.toFixed(0)} pg ${cpuUse["postgres"]?.toFixed(0)} ` +
      `redis ${cpuUse["redis"]?.toFixed(0)} load ${cpuUse["load"]?.toFixed(0)} other ${cpuUse["other"]?.toFixed(0)}` +
      ` -> ${row.pass ? "ok" : "FAIL"}${notes.length ? ` (${notes.join("; ")})` : ""}`,
  );
  const other = cpuUse["other"] ?? 0;
  const attempt = (options.attempt ?? 0) + 1;
  const alive = load.servers.every((server) => server.child.alive);
  if (!row.pass && other > options.noisePercent && attempt <= options.noiseRetries && alive) {
    log(`failed while other processes were busy: retry ${attempt} of ${options.noiseRetries}`);
    return runStep(load, rate, {
      ...options,
      attempt,
      retried: `retry ${attempt}: other processes used ${other.toFixed(0)}% CPU in the previous attempt`,
    });
  }
  return row;
}

/** Deliveries a step owes: each message reaches the subscribers of its room (roomIndexOf). */
function expectedDeliveries(messages: number, subscribers: number, servers: number, rooms: number): number {
  const perRoom = (count: number) => {
    const counts = new Array<number>(rooms).fill(0);
    for (let index = 0; index < count; index++) counts[roomIndexOf(index, servers, rooms)]!++;
    return counts;
  };
  const members = perRoom(subscribers);
  return perRoom(messages).reduce((sum, count, room) => sum + count * members[room]!, 0);
}
