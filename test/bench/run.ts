import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { benchColdStart } from "./cold-start.ts";
import { crashes, killAll, outDir, sleep } from "./ipc.ts";
import type { OursSendTransport, SystemName } from "./load/protocol.ts";
import { benchModeration } from "./moderation.ts";
import { summarizeHeapProfile, summarizeProfile } from "./profile.ts";
import { type Row, runStep, type StepOptions, withLoad } from "./scenarios.ts";
import { fixed, table, thousands } from "./stats.ts";
import { startBaseline } from "./systems/baselines.ts";
import { startOurs } from "./systems/ours.ts";
import type { System } from "./systems/system.ts";

/**
 * `pnpm bench`: the live path (sendMessage over HTTP -> Postgres -> Redis ->
 * graphql-ws roomEvents) against two baselines on the same workload: bare `ws`
 * relaying through Redis, and Socket.IO with the Redis adapter. Two server
 * processes per system, subscriber workers and a publisher in processes of their
 * own, everything on loopback. See the knobs below.
 */
const quick = process.env["BENCH_QUICK"] === "1";
const knobs = {
  systems: list("BENCH_SYSTEMS", "ours,bare-ws,socketio") as SystemName[],
  /** How ours's publisher sends: over graphql-ws (as the web app does) or HTTP POST. */
  oursSendOver: (process.env["BENCH_OURS_SEND"] === "http" ? "http" : "ws") as OursSendTransport,
  /** Seconds of publishing per step. */
  seconds: number("BENCH_SECONDS", quick ? 2 : 5),
  /** Scenario 1: S subscribers at a fixed rate. */
  smallS: number("BENCH_SMALL_S", quick ? 20 : 100),
  smallRate: number("BENCH_SMALL_RATE", quick ? 100 : 500),
  /** Scenario 2: S subscribers, rate stepped up until the first failure. */
  searchS: number("BENCH_S", quick ? 100 : 1000),
  rates: list(
    "BENCH_RATES",
    quick ? "25,100,300,600" : "10,25,50,100,200,300,455,600,800,1000,1300,1600,2000,2500,3000",
  ).map(Number),
  /** Before measuring, each load publishes for a while at min(50, first rate): JIT and pools warm, not counted. */
  warmupSeconds: number("BENCH_WARMUP_SECONDS", quick ? 1 : 2),
  /**
   * Scenario 3 (ours only): cost as work grows. BENCH_ROOMS_S subscribers spread over each count
   * of rooms, at the scenario 1 rate spread over the rooms; then scenario 1's load with the
   * moderation worker running. BENCH_ROOMS=0 skips both.
   */
  rooms: list("BENCH_ROOMS", quick ? "10" : "10,100")
    .map(Number)
    .filter((rooms) => rooms > 0),
  roomsS: number("BENCH_ROOMS_S", quick ? 100 : 1000),
  /** Scenario 4 (ours only): idle subscribed sockets on one replica; 0 skips it. */
  idle: number("BENCH_IDLE", quick ? 1000 : 50_000),
  /**
   * BENCH_PROFILE=1: CPU-profile replica A of ours during an extra step of scenario 2, and sample the
   * heap of the idle-socket replica; summaries are printed, files kept in test/bench/.out/.
   */
  profile: process.env["BENCH_PROFILE"] === "1",
  /** BENCH_HEAP_SNAPSHOT=1: heap snapshots of the idle-socket replica before and after its sockets (test/bench/.out/). */
  heapSnapshot: process.env["BENCH_HEAP_SNAPSHOT"] === "1",
  /** Default: the first rate of the search. */
  profileRate: number("BENCH_PROFILE_RATE", 0),
  /**
   * Scenario 5 (ours only): fresh replicas on a fresh database, measured at the scenario 1 load with no
   * warm-up of the bench's, then again, then with one
   * part at a time started over (cold-start.ts): this many rounds, each on systems of its own; 0 skips it.
   */
  coldStarts: number("BENCH_COLD_STARTS", quick ? 0 : 1),
  /** The moderation pipeline's figures (worker throughput, send → verdict); 0 skips them. */
  moderation: number("BENCH_MODERATION", 1) === 1,
  drainMs: number("BENCH_DRAIN_MS", 5_000),
  /** The machine is shared: wait for it to be quiet before each step; rerun a step that failed while it was not. */
  quietPercent: number("BENCH_QUIET_PERCENT", 25),
  quietWaitSeconds: number("BENCH_QUIET_WAIT_SECONDS", quick ? 2 : 20),
  noisePercent: number("BENCH_NOISE_PERCENT", 30),
  noiseRetries: number("BENCH_NOISE_RETRIES", quick ? 0 : 2),
  /**
   * Rate searches stop early (each step still finishes) once over budget; each system gets an
   * equal share of what is left when it starts, so a slow first system cannot starve the others.
   */
  budgetSeconds: number("BENCH_BUDGET_SECONDS", quick ? 150 : 540),
  p99LimitMs: 100,
  postgres: loopback(process.env["BENCH_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432"),
  redis: loopback(process.env["BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379"),
};

const began = Date.now();
const revisionAtStart = revision();
let systemDeadline = began + knobs.budgetSeconds * 1000;
const overBudget = () => Date.now() > systemDeadline;
const log = (line: string) => console.error(`[bench] ${line}`);
const running = new Set<System>();

type Sustained = { rate: number | null; failedAt: Row | null; exhausted: boolean; stoppedEarly: boolean };
type Memory = {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  /** Resident bytes by V8 heap space and by kind of mapping (control.ts). */
  detail?: Record<string, number>;
};
type Idle = {
  sockets: number;
  seconds: number;
  before: Memory;
  after: Memory;
  heapProfile: string | null;
};

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  log(`knobs: ${JSON.stringify({ ...knobs, postgres: undefined, redis: undefined })}`);
  // Every measured step's settings; a step may change one (its label, its length, its retries).
  const options: StepOptions = {
    seconds: knobs.seconds,
    drainMs: knobs.drainMs,
    p99LimitMs: knobs.p99LimitMs,
    quietPercent: knobs.quietPercent,
    quietWaitSeconds: knobs.quietWaitSeconds,
    noisePercent: knobs.noisePercent,
    noiseRetries: knobs.noiseRetries,
  };
  const rows: Row[] = [];
  const sustained = new Map<SystemName, Sustained>();
  const profiles: { file: string; row: Row }[] = [];
  let idle: Idle | null = null;

  for (const [index, name] of knobs.systems.entries()) {
    log(`=== ${name}`);
    const left = began + knobs.budgetSeconds * 1000 - Date.now();
    systemDeadline = Date.now() + left / (knobs.systems.length - index);
    const system: System =
      name === "ours"
        ? await startOurs(knobs.postgres, knobs.redis, knobs.oursSendOver)
        : await startBaseline(name, knobs.redis);
    running.add(system);
    const warmup = { ...options, seconds: knobs.warmupSeconds };
    try {
      await scenario(`${name} S=${knobs.smallS}`, () =>
        withLoad(system, { S: knobs.smallS }, async (load) => {
          // Warmed at the measured rate: a server's JIT and heap settle under the load they will be measured at.
          await runStep(load, knobs.smallRate, { ...warmup, label: "warm-up" });
          rows.push(await runStep(load, knobs.smallRate, options));
        }),
      );
      await scenario(`${name} S=${knobs.searchS} search`, () =>
        withLoad(system, { S: knobs.searchS }, async (load) => {
          await runStep(load, Math.min(50, knobs.rates[0]!), { ...warmup, label: "warm-up" });
          if (knobs.profile && name === "ours") profiles.push(await profiledStep(system, load, options));
          const result: Sustained = { rate: null, failedAt: null, exhausted: false, stoppedEarly: false };
          sustained.set(name, result);
          for (const rate of knobs.rates) {
            if (overBudget()) {
              result.stoppedEarly = true;
              break;
            }
            const row = await runStep(load, rate, options);
            rows.push(row);
            if (!row.pass) {
              result.failedAt = row;
              break;
            }
            result.rate = rate;
          }
          result.exhausted = !result.failedAt && !result.stoppedEarly;
        }),
      );
      // After the search, whose time budget they would otherwise use.
      if (name === "ours" && knobs.rooms.length > 0)
        await scenario("ours rooms and moderation", async () => {
          for (const rooms of knobs.rooms)
            await withLoad(system, { S: knobs.roomsS, rooms }, async (load) => {
              await runStep(load, knobs.smallRate, { ...warmup, label: "warm-up" });
              rows.push(await runStep(load, knobs.smallRate, options));
            });
          await withLoad(system, { S: knobs.smallS, moderate: true }, async (load) => {
            // The steps before left their messages' moderation owed: the worker settles that first.
            await waitForModeration(system);
            await runStep(load, knobs.smallRate, { ...warmup, label: "warm-up" });
            rows.push(await runStep(load, knobs.smallRate, options));
          });
        });
      if (name === "ours" && knobs.idle > 0)
        await scenario("ours idle sockets", async () => {
          idle = await idleSockets(system, idleSocketsAllowed(knobs.idle), options);
        });
    } finally {
      await system.stop();
      running.delete(system);
    }
  }
  let coldStarts: string | null = null;
  if (knobs.systems.includes("ours") && knobs.coldStarts > 0)
    await scenario("ours cold start", async () => {
      coldStarts = await benchColdStart({
        rounds: knobs.coldStarts,
        S: knobs.smallS,
        rate: knobs.smallRate,
        step: { ...options, noiseRetries: 0 },
        postgres: knobs.postgres,
        redis: knobs.redis,
        sendOver: knobs.oursSendOver,
        profile: knobs.profile,
      });
    });
  print(rows, sustained, idle, profiles);
  if (coldStarts) console.log(`\n${coldStarts}`);
  // The moderation pipeline: worker throughput and send → verdict latency (BENCH_SYSTEMS without "ours" skips it).
  if (knobs.systems.includes("ours") && knobs.moderation) console.log(`\n${await benchModeration()}`);
  if (crashes.length > 0) console.log("");
  for (const crash of crashes)
    console.log(`CRASHED: ${crash.name} at ${crash.at} (exit code ${crash.code}): ${crash.reason}`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

const failures: string[] = [];

/** A scenario that fails is reported at the end; the others still run. */
async function scenario(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack ?? error}`);
    failures.push(`${name}: ${(error as Error).message}`);
  }
}

/** Waits (at most two minutes) until no message's moderation is owed. */
async function waitForModeration(system: System): Promise<void> {
  const deadline = Date.now() + 120_000;
  let owed = await system.moderationBacklog?.();
  while (owed && Date.now() < deadline) {
    await sleep(500);
    owed = await system.moderationBacklog?.();
  }
  if (owed) log(`${owed} messages still awaited moderation after two minutes`);
}

/** Runs one extra step while replica A is under the V8 sampling profiler. */
async function profiledStep(system: System, load: Parameters<typeof runStep>[0], options: StepOptions) {
  const replica = system.servers[0]!;
  const rate = knobs.profileRate || knobs.rates[0]!;
  const file = `${outDir}${system.name}-a-S${load.S}-rate${rate}-${Date.now()}.cpuprofile`;
  await replica.child.call("profileStart", { intervalMicros: 500 });
  // No retries: the profile would span them all.
  const row = await runStep(load, rate, { ...options, label: "profiled", noiseRetries: 0 });
  await replica.child.call("profileStop", { file });
  log(`profile written to ${file}`);
  return { file, row };
}

/**
 * As many of `wanted` sockets as one process may hold here: each is a file descriptor, and the
 * replica inherits this process's limit (the headroom covers its Postgres, Redis and log files).
 */
function idleSocketsAllowed(wanted: number): number {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Number.POSITIVE_INFINITY);
  const allowed = Math.min(wanted, soft - 500);
  if (allowed < wanted)
    log(`idle sockets: ${wanted} wanted, ${allowed} opened (open files are limited to ${soft} per process here)`);
  return allowed;
}

/** Idle subscribed sockets on one fresh replica: RSS after GC, before and after, divided by the sockets. */
async function idleSockets(system: System, sockets: number, options: StepOptions): Promise<Idle> {
  const replica = await system.startServer("ours-idle");
  try {
    // Warm up: a few subscribers and messages, so lazily built state is in the baseline.
    await withLoad(system, { S: 20, workers: 1, servers: [replica] }, (load) =>
      runStep(load, 50, { ...options, seconds: 1, label: "warm-up" }),
    );
    await sleep(500);
    const before = await replica.child.call<Memory>("memory", { gc: true });
    const snapshot = (when: string) =>
      replica.child.call("heapSnapshot", { file: `${outDir}ours-idle-${sockets}-${when}.heapsnapshot` }, 300_000);
    if (knobs.heapSnapshot) log(`heap snapshot ${await snapshot("before")}`);
    const heapProfile = knobs.profile ? `${outDir}ours-idle-${sockets}-${Date.now()}.heapprofile` : null;
    if (heapProfile) await replica.child.call("heapStart", { intervalBytes: 32 * 1024 });
    const started = performance.now();
    const workers = Math.max(1, Math.ceil(sockets / 2_500));
    const localAddresses = Array.from({ length: workers }, (_, i) => `127.0.0.${2 + i}`);
    return await withLoad(
      system,
      { S: sockets, workers, servers: [replica], localAddresses, concurrency: 50 },
      async (load) => {
        const seconds = (performance.now() - started) / 1000;
        const after = await replica.child.call<Memory>("memory", { gc: true }, 120_000);
        if (heapProfile) await replica.child.call("heapStop", { file: heapProfile }, 120_000);
        if (knobs.heapSnapshot) log(`heap snapshot ${await snapshot("after")}`);
        return {
          heapProfile,
          sockets: load.S,
          seconds,
          before,
          after,
        };
      },
    );
  } finally {
    await replica.child.stop();
  }
}

function print(
  rows: Row[],
  sustained: Map<SystemName, Sustained>,
  idle: Idle | null,
  profiles: { file: string; row: Row }[],
): void {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  console.log("");
  const others = rows.map((row) => row.cpu["other"] ?? 0);
  const noise = others.length
    ? `; other processes on this machine used ${fixed(others.reduce((a, b) => a + b, 0) / others.length, 0)}% CPU ` +
      `on average during the steps (max ${fixed(Math.max(...others), 0)}%; 200% = both cores)`
    : "";
  const revisionNow = revision();
  const measured =
    revisionNow === revisionAtStart ? revisionNow : `${revisionAtStart} (changed during the run to ${revisionNow})`;
  console.log(`Measured: ${measured}; ${knobs.seconds} s per step; ${new Date().toISOString()}${noise}`);
  console.log(
    table(
      ["system", "S", "rate", "deliveries/s", "p50 ms", "p90 ms", "p99 ms", "lost", "peak RSS MB (each server)", "ok"],
      rows.map((row) => [
        row.system,
        thousands(row.S),
        thousands(row.rate),
        thousands(row.deliveriesPerSecond),
        fixed(row.p50),
        fixed(row.p90),
        fixed(row.p99),
        thousands(row.lost),
        row.peakRssMb.map((value) => value.toFixed(0)).join(" / "),
        row.pass ? "yes" : "NO",
      ]),
    ),
  );
  console.log(
    `lost = messages sent x S - deliveries received by ${knobs.drainMs / 1000} s after the last send; ` +
      `ok = p99 < ${knobs.p99LimitMs} ms and nothing lost. Latency: scheduled send -> subscriber receive.`,
  );
  console.log("");
  for (const [name, result] of sustained) {
    const rate =
      result.rate !== null
        ? `${thousands(result.rate)} msg/s`
        : result.failedAt
          ? `< ${knobs.rates[0]} msg/s`
          : "not measured";
    const deliveries = result.rate === null ? "" : ` (${thousands(result.rate * knobs.searchS)} deliveries/s)`;
    const why = result.failedAt
      ? `; first failure at ${thousands(result.failedAt.rate)} msg/s: p99 ${fixed(result.failedAt.p99)} ms, lost ${thousands(result.failedAt.lost)}`
      : result.exhausted
        ? "; no failure up to the top of the ladder"
        : "; search cut short by BENCH_BUDGET_SECONDS";
    console.log(
      `Sustained, S=${thousands(knobs.searchS)}, p99 < 100 ms, 0 lost: ${name.padEnd(8)} ${rate}${deliveries}${why}`,
    );
  }
  if (idle) {
    const { before, after, sockets } = idle;
    const perSocket = (key: "heapUsed" | "heapTotal" | "external") =>
      ((after[key] - before[key]) / sockets / 1024).toFixed(1);
    const rssPerSocket = (after.rss - before.rss) / sockets / 1024;
    console.log(
      `Idle sockets, ours, one replica: ${thousands(sockets)} subscribed in ${idle.seconds.toFixed(1)} s; ` +
        `RSS ${mb(before.rss).toFixed(0)} -> ${mb(after.rss).toFixed(0)} MB after GC = ` +
        `${rssPerSocket.toFixed(1)} KB per socket (target <= 20 KB: ${rssPerSocket <= 20 ? "met" : "NOT met"}); ` +
        `per socket: JS heap used ${perSocket("heapUsed")} KB, heap reserved ${perSocket("heapTotal")} KB, ` +
        `external ${perSocket("external")} KB`,
    );
  }
  console.log("");
  console.log("Diagnostics (CPU in % of one core; this machine has 200%):");
  console.log(
    table(
      [
        "system",
        "S",
        "rate",
        "send p50",
        "send p99",
        "pub lag ms",
        "heap after GC MB",
        "CPU servers",
        "postgres (ours)",
        "redis (all)",
        "load gen",
        "other",
        "SQL/msg",
        "notes",
      ],
      [...rows, ...profiles.map(({ row }) => ({ ...row, notes: ["profiled step (replica A)", ...row.notes] }))].map(
        (row) => [
          row.system,
          thousands(row.S),
          thousands(row.rate),
          fixed(row.sendP50),
          fixed(row.sendP99),
          fixed(row.publisherLagMs, 0),
          row.heapAfterGcMb.map((value) => value.toFixed(0)).join(" / "),
          fixed(row.cpu["servers"] ?? Number.NaN, 0),
          row.system === "ours" ? fixed(row.cpu["postgres"] ?? Number.NaN, 0) : "-",
          fixed(row.cpu["redis"] ?? Number.NaN, 0),
          fixed(row.cpu["load"] ?? Number.NaN, 0),
          fixed(row.cpu["other"] ?? Number.NaN, 0),
          row.sqlPerMessage === null ? "" : fixed(row.sqlPerMessage),
          row.notes.join("; ").slice(0, 160),
        ],
      ),
    ),
  );
  console.log("");
  console.log(costTable(rows));
  const firstPerS = new Map<number, Row>();
  for (const row of rows) if (row.sqlPerMessage !== null && !firstPerS.has(row.S)) firstPerS.set(row.S, row);
  for (const row of firstPerS.values()) {
    console.log("");
    console.log(`SQL statements per published message, ours, S=${thousands(row.S)}, rate ${row.rate} (both replicas):`);
    console.log(
      table(
        ["statement", "per msg"],
        row.topStatements.map(([shape, count]) => [shape, fixed(count, 2)]),
      ),
    );
  }
  const firstPerSystem = new Map<string, Row>();
  for (const row of rows)
    if (!firstPerSystem.has(`${row.system} ${row.S}`)) firstPerSystem.set(`${row.system} ${row.S}`, row);
  for (const row of firstPerSystem.values()) {
    console.log("");
    console.log(
      `Redis per published message, ${row.system}, S=${thousands(row.S)}, rate ${row.rate} (Redis's own count; its CPU in µs):`,
    );
    console.log(
      table(
        ["command", "calls/msg", "µs/msg"],
        row.redisCommands.map(([command, calls, usec]) => [command, fixed(calls, 2), fixed(usec, 1)]),
      ),
    );
  }
  for (const { file } of profiles) {
    console.log("");
    console.log(summarizeProfile(file));
  }
  if (idle?.after.detail) {
    const { before, after, sockets } = idle;
    const detail = after.detail ?? {};
    console.log("");
    console.log(
      table(
        ["idle replica memory after GC", "before MB", "after MB", "bytes/socket"],
        Object.entries(detail)
          .filter(([key, value]) => value > 0 || (before.detail?.[key] ?? 0) > 0)
          .map(([key, value]) => {
            const was = before.detail?.[key] ?? 0;
            return [key, mb(was).toFixed(1), mb(value).toFixed(1), thousands(Math.round((value - was) / sockets))];
          }),
      ),
    );
  }
  if (idle?.heapProfile) {
    console.log("");
    console.log(summarizeHeapProfile(idle.heapProfile, idle.sockets, "socket"));
  }
}

/**
 * What one message costs, every process counted: CPU microseconds per message sent (servers,
 * Postgres, Redis, the moderation worker when it ran, the load generator), and the servers'
 * and the load generator's per delivery. Then, at S=searchS, each system's servers per
 * delivery at the highest rate every system ran, against Socket.IO's.
 */
function costTable(rows: Row[]): string {
  const micros = (seconds: number | undefined, count: number) =>
    seconds === undefined || count === 0 ? "-" : fixed((seconds * 1e6) / count, 0);
  const lines = [
    "Cost of one message: CPU µs per message sent, per process group, and per delivery (servers, load generator):",
    table(
      [
        "system",
        "S",
        "rooms",
        "rate",
        "moderated",
        "p99 ms",
        "servers/msg",
        "postgres/msg",
        "redis/msg",
        "worker/msg",
        "load gen/msg",
        "servers/delivery",
        "load gen/delivery",
      ],
      rows.map((row) => [
        row.system,
        thousands(row.S),
        String(row.rooms),
        thousands(row.rate),
        row.moderated ? "yes" : "no",
        fixed(row.p99),
        micros(row.cpuSeconds["servers"], row.messages),
        row.system === "ours" ? micros(row.cpuSeconds["postgres"], row.messages) : "-",
        micros(row.cpuSeconds["redis"], row.messages),
        row.moderated ? micros(row.cpuSeconds["worker"], row.messages) : "-",
        micros(row.cpuSeconds["load"], row.messages),
        fixed(((row.cpuSeconds["servers"] ?? Number.NaN) * 1e6) / row.deliveries, 2),
        fixed(((row.cpuSeconds["load"] ?? Number.NaN) * 1e6) / row.deliveries, 2),
      ]),
    ),
    "Redis is every redis-server on the machine (the baselines' too, if another one runs); postgres is the " +
      "backends of ours's database.",
  ];
  const search = rows.filter((row) => row.S >= knobs.searchS && row.rooms === 1 && !row.moderated);
  const systems = [...new Set(search.map((row) => row.system))];
  const common = Math.max(
    ...[...new Set(search.map((row) => row.rate))].filter((rate) =>
      systems.every((system) => search.some((row) => row.system === system && row.rate === rate && row.pass)),
    ),
  );
  if (systems.length > 1 && Number.isFinite(common)) {
    const perDelivery = (system: string) => {
      const row = search.find((candidate) => candidate.system === system && candidate.rate === common)!;
      return ((row.cpuSeconds["servers"] ?? Number.NaN) * 1e6) / row.deliveries;
    };
    const socketio = systems.includes("socketio") ? perDelivery("socketio") : Number.NaN;
    lines.push(
      `Servers' CPU per delivery at S=${thousands(knobs.searchS)}, ${common} msg/s (the highest rate every system passed): ` +
        systems
          .map(
            (system) =>
              `${system} ${fixed(perDelivery(system), 2)} µs` +
              (Number.isFinite(socketio) ? ` (${fixed(perDelivery(system) / socketio, 2)}x Socket.IO)` : ""),
          )
          .join(", "),
    );
  }
  return lines.join("\n");
}

/** The commit measured, and whether the server code had uncommitted changes. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", "api", "worker");
    return `commit ${git("rev-parse", "--short", "HEAD")}${dirty ? " + uncommitted changes in api/ or worker/" : ""}`;
  } catch {
    return "commit unknown";
  }
}

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

function list(name: string, fallback: string): string[] {
  return (process.env[name] || fallback)
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function loopback(url: string): string {
  const host = new URL(url).hostname;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) throw new Error(`${url}: the bench only uses loopback`);
  return url.replace(/\/$/, "");
}

async function cleanUp(): Promise<void> {
  await Promise.allSettled([...running].map((system) => system.stop()));
  killAll();
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });

for (const name of knobs.systems)
  if (!["ours", "bare-ws", "socketio"].includes(name)) throw new Error(`BENCH_SYSTEMS: unknown system ${name}`);

try {
  await main();
} catch (error) {
  console.error(error);
  await cleanUp();
  process.exitCode = 1;
}
process.exit();
