// The first load after the API starts, against the same load a moment later: what users meet
// right after a deploy. Each round starts a fresh system (new database, new replicas) and measures
// a step with no warm-up, then a second one; then it starts over one part at a time, to tell their
// shares apart: Postgres's backends, the load generator's processes (clients), the replicas on the
// used database, and new replicas on a new database met by clients that have already run.
import { fileURLToPath } from "node:url";
import { killAll, outDir, sleep } from "./ipc.ts";
import type { OursSendTransport } from "./load/protocol.ts";
import { type Load, loadProcesses, type Row, runStep, type StepOptions, withLoad } from "./scenarios.ts";
import { fixed, table } from "./stats.ts";
import { startOurs } from "./systems/ours.ts";
import type { Server, System } from "./systems/system.ts";

export type ColdStartOptions = {
  rounds: number;
  S: number;
  rate: number;
  step: StepOptions;
  postgres: string;
  redis: string;
  sendOver: OursSendTransport;
  /** CPU-profile replica A during each measured step (files in test/bench/.out/). */
  profile: boolean;
};

type Round = Record<Step, Row>;
type Step = "first" | "second" | "newBackends" | "newClients" | "restarted" | "fresh";

/** The steps of a round, in the order they run. */
const STEPS: [Step, string][] = [
  ["first", "first after start (new clients too)"],
  ["second", "second"],
  ["newBackends", "new Postgres backends"],
  ["newClients", "new clients (load generator) only"],
  ["restarted", "replicas restarted, used database"],
  ["fresh", "new replicas, new database"],
];

/** The p99 of each fifth of a step: where in the step the time went. */
const SLICES = 5;
const log = (line: string) => console.error(`[bench] ${line}`);

export async function benchColdStart(options: ColdStartOptions): Promise<string> {
  const rounds: Round[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const steps: Partial<Round> = {};
    const measure = (system: System, load: Load, step: Step) =>
      profiled(options.profile ? system.servers[0] : undefined, `cold-${round}-${step}`, async () => {
        const label = STEPS.find(([key]) => key === step)![1];
        // No retries: a retried first step would not be the first any more.
        steps[step] = await runStep(load, options.rate, { ...options.step, label, slices: SLICES, noiseRetries: 0 });
      });
    // The load generator's processes are new Node processes too, whose own first second is slow: the
    // later steps reuse processes that have run, so what they measure is the servers' start alone.
    const clients = loadProcesses(`cold-${round}`);
    try {
      const system = await startOurs(options.postgres, options.redis, options.sendOver);
      try {
        await withLoad(system, { S: options.S }, async (load) => {
          await measure(system, load, "first");
          await measure(system, load, "second");
          // The replicas stay warm; only Postgres's side starts over (new backends, nothing prepared).
          await system.endPostgresBackends!();
          await sleep(1_000);
          await measure(system, load, "newBackends");
        });
        await withLoad(system, { S: options.S, processes: clients }, (load) => measure(system, load, "newClients"));
        await system.restartServers!();
        await withLoad(system, { S: options.S, processes: clients }, (load) => measure(system, load, "restarted"));
      } finally {
        await system.stop();
      }
      const fresh = await startOurs(options.postgres, options.redis, options.sendOver);
      try {
        await withLoad(fresh, { S: options.S, processes: clients }, (load) => measure(fresh, load, "fresh"));
      } finally {
        await fresh.stop();
      }
    } finally {
      await clients.stop();
    }
    rounds.push(steps as Round);
  }
  return report(rounds, options);
}

async function profiled<T>(server: Server | undefined, name: string, run: () => Promise<T>): Promise<T> {
  if (!server) return run();
  const file = `${outDir}${name.replace(/[^a-z0-9-]+/gi, "-")}-${Date.now()}.cpuprofile`;
  await server.child.call("profileStart", { intervalMicros: 500 });
  try {
    return await run();
  } finally {
    await server.child.call("profileStop", { file });
    log(`profile written to ${file}`);
  }
}

function report(rounds: Round[], options: ColdStartOptions): string {
  const cpu = (row: Row, group: string) => fixed((row.cpuSeconds[group] ?? Number.NaN) * 1000, 0);
  return [
    `Cold start, ours, S=${options.S} at ${options.rate} msg/s, ${options.step.seconds} s steps, no warm-up of the ` +
      "bench's. " +
      "p99 ms of the step and of each fifth of it; send p99 ms; CPU ms in the step of both replicas, " +
      "of the load generator and of other processes",
    table(
      ["round", "step", "p99", "p99 by fifth", "send p99", "CPU replicas", "CPU load gen", "CPU other"],
      rounds.flatMap((round, index) =>
        STEPS.map(([key, label]) => {
          const row = round[key];
          return [
            String(index + 1),
            label,
            fixed(row.p99),
            row.sliceP99.map((value) => fixed(value, 0)).join(" / "),
            fixed(row.sendP99),
            cpu(row, "servers"),
            cpu(row, "load"),
            cpu(row, "other"),
          ];
        }),
      ),
    ),
  ].join("\n");
}

// Alone: `node test/bench/cold-start.ts [rounds]` (BENCH_COLD_PROFILE=1 adds CPU profiles).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 3);
  console.log(
    await benchColdStart({
      rounds,
      S: 100,
      rate: 500,
      step: {
        seconds: 5,
        drainMs: 5_000,
        p99LimitMs: 100,
        quietPercent: 25,
        quietWaitSeconds: 20,
        noisePercent: 30,
        noiseRetries: 0,
      },
      postgres: process.env["BENCH_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432",
      redis: process.env["BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379",
      sendOver: process.env["BENCH_OURS_SEND"] === "http" ? "http" : "ws",
      profile: process.env["BENCH_COLD_PROFILE"] === "1",
    }),
  );
  killAll();
  process.exit();
}
