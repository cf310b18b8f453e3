// Starts the whole product: the API, the moderation worker and the web app, each
// in its own process group with output prefixed by its name. Ctrl-C or SIGTERM
// stops them all (each drains); if one exits, the others are stopped too.
import { type ChildProcess, spawn } from "node:child_process";
import { API_NODE_FLAGS } from "../api/src/server/heap.ts";

type Service = { name: string; cwd: string; command: string[] };

// Node runs the entry points itself (not through pnpm), so signals reach the process that drains.
const services: Service[] = [
  { name: "api", cwd: "api", command: ["node", ...API_NODE_FLAGS, "src/main.ts"] },
  { name: "worker", cwd: "worker", command: ["node", "src/main.ts"] },
  { name: "web", cwd: "web", command: ["pnpm", "start"] },
];

const running = new Map<string, ChildProcess>();
let stopping = false;

for (const service of services) {
  const [command, ...args] = service.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: service.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
    detached: true,
  });
  running.set(service.name, child);
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line) console.log(`[${service.name}] ${line}`);
    });
  child.on("exit", (code) => {
    running.delete(service.name);
    if (!stopping) {
      console.error(`[${service.name}] exited with code ${code}; stopping the rest`);
      stop(code ?? 1);
    } else if (running.size === 0) process.exit(0);
  });
}

/** Signals each service's whole process group, so nothing is left behind. */
function stop(exitCode = 0): void {
  if (stopping) return;
  stopping = true;
  if (running.size === 0) process.exit(exitCode);
  for (const child of running.values()) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(exitCode), 15_000).unref();
}

process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
