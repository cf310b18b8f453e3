// Starts the whole product: every service in its own process, output prefixed
// with its name. Ctrl-C or SIGTERM stops them all (each drains); if one exits,
// the others are stopped too.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";

type Service = { name: string; command: string[]; when?: string };

const services: Service[] = [
  { name: "api", command: ["pnpm", "--filter", "@chatmod/api", "start"] },
  { name: "worker", command: ["pnpm", "--filter", "@chatmod/worker", "start"], when: "worker/src/main.ts" },
  { name: "web", command: ["pnpm", "--filter", "@chatmod/web", "start"], when: "web/package.json" },
];

const running = new Map<string, ChildProcess>();
let stopping = false;

for (const service of services) {
  if (service.when && !existsSync(service.when)) continue;
  const [command, ...args] = service.command as [string, ...string[]];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
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

function stop(exitCode = 0): void {
  stopping = true;
  if (running.size === 0) process.exit(exitCode);
  for (const child of running.values()) child.kill("SIGTERM");
  setTimeout(() => process.exit(exitCode), 15_000).unref();
}

process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
