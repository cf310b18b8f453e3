import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { outDir } from "./ipc.ts";
import { fixed, measureCpu, table } from "./stats.ts";
import { startOurs } from "./systems/ours.ts";

/**
 * The API's CPU per sendMessage with traces off and on (every send sampled, exported to an
 * OTLP/HTTP receiver in this process, which only counts what it gets). Rounds alternate off and
 * on so a drift of the machine hits both. A traced round then profiles as many sends again and
 * tells the share of the API's busy time spent in the tracing code (the SDK, the exporter, ours),
 * a figure that the load of a shared machine disturbs less than a difference of two totals.
 * Run alone, on a quiet machine:
 *   node test/bench/tracing-cost.ts [sends per round, default 3000] [rounds, default 2]
 */
const SENDS = Number(process.argv[2] ?? 3_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const CONCURRENCY = 8;
const POSTGRES = process.env["BENCH_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432";
const REDIS = process.env["BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379";

let exports = 0;
let bytes = 0;
const receiver = createServer((req, res) => {
  req.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  req.on("end", () => {
    exports++;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const SEND = `mutation SendMessage($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;

async function round(traced: boolean): Promise<{ cpuUs: number; wallMs: number; share: number }> {
  // The replicas inherit this process's environment.
  for (const name of ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL"]) delete process.env[name];
  if (traced)
    Object.assign(process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" });
  const system = await startOurs(POSTGRES, REDIS, "http");
  try {
    const server = system.servers[0]!;
    const { tokens, rooms } = await system.clientParams();
    const roomId = rooms[0]!.id;
    let next = 0;
    const send = async (count: number) => {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, lane) => {
          while (next < count) {
            next++;
            const response = await fetch(`${server.url}/graphql`, {
              method: "POST",
              headers: { "content-type": "application/json", authorization: `Bearer ${tokens[lane % tokens.length]}` },
              body: JSON.stringify({
                query: SEND,
                variables: { input: { roomId, text: `message ${next}`, clientId: crypto.randomUUID() } },
              }),
            });
            const body = (await response.json()) as { errors?: unknown };
            if (body.errors) throw new Error(JSON.stringify(body.errors));
          }
        }),
      );
    };
    await send(500); // warm-up: JIT, prepared statements, pools
    next = 0;
    const cpu = measureCpu({ api: () => [server.child.pid] });
    const started = performance.now();
    await send(SENDS);
    const wallMs = performance.now() - started;
    const apiSeconds = cpu.stop().seconds["api"] ?? Number.NaN;
    let share = Number.NaN;
    if (traced) {
      const file = `${outDir}tracing-cost-${Date.now()}.cpuprofile`;
      await server.child.call("profileStart", { intervalMicros: 200 });
      next = 0;
      await send(SENDS);
      await server.child.call("profileStop", { file });
      share = tracingShare(file);
    }
    return { cpuUs: (apiSeconds * 1e6) / SENDS, wallMs, share };
  } finally {
    await system.stop();
  }
}

/** The share of busy samples with a tracing frame on their stack (so the exporter's writes count too). */
function tracingShare(file: string): number {
  type Node = { id: number; callFrame: { url: string; functionName: string }; children?: number[] };
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const tracingCode = /@opentelemetry|\/core\/src\/tracing\.ts|\/api\/src\/server\/tracing\.ts/;
  let busy = 0;
  let tracing = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    if (byId.get(id)?.callFrame.functionName === "(idle)") return;
    busy += micros;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
      if (tracingCode.test(byId.get(at)?.callFrame.url ?? "")) {
        tracing += micros;
        return;
      }
  });
  return tracing / busy;
}

const rows: string[][] = [];
for (let i = 0; i < ROUNDS; i++)
  for (const traced of [false, true]) {
    const { cpuUs, wallMs, share } = await round(traced);
    rows.push([
      traced ? "on" : "off",
      String(SENDS),
      fixed(cpuUs, 0),
      fixed((SENDS / wallMs) * 1000, 0),
      traced ? `${fixed(share * 100, 1)}%` : "-",
    ]);
  }
receiver.close();
console.log(table(["traces", "sends", "API CPU µs/send", "sends/s", "in tracing code (profiled)"], rows));
console.log(`receiver: ${exports} exports, ${fixed(bytes / 1024, 0)} KiB`);
