import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Request/reply over the IPC channel of forked children. Every child the bench
 * starts is registered here, so one call at exit kills whatever is left.
 */
type Request = { id: number; type: string; args?: unknown };
type Reply = { id: number; ok: boolean; result?: unknown; error?: string };
type Event = { event: string; [key: string]: unknown };
type Handler = (args: never) => unknown;

export const outDir = fileURLToPath(new URL("./.out/", import.meta.url));
const running = new Set<ChildProcess>();

/** Children that exited without being asked to, with the error their log ends with. */
export const crashes: { name: string; code: number | null; reason: string; at: string }[] = [];

/** Kills every child still running. Synchronous, so it also works from an exit handler. */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly events = new Map<string, (event: Event) => void>();
  private stopping = false;
  readonly exited: Promise<number | null>;

  readonly name: string;
  private readonly proc: ChildProcess;
  readonly logFile: string;

  constructor(name: string, proc: ChildProcess, logFile: string) {
    this.name = name;
    this.proc = proc;
    this.logFile = logFile;
    running.add(proc);
    proc.on("error", () => {}); // e.g. a send on a closed channel: the caller's promise reports it
    proc.on("message", (message: Reply | Event) => {
      if ("event" in message) return this.events.get(message.event)?.(message);
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(`${name}: ${message.error}`));
    });
    this.exited = new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        running.delete(proc);
        const reason = this.lastError() || `killed by ${signal}`;
        if (!this.stopping && code !== 0) crashes.push({ name, code, reason, at: new Date().toISOString() });
        for (const waiter of this.waiting.values()) waiter.reject(new Error(`${name} exited (code ${code})`));
        this.waiting.clear();
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null && this.proc.connected;
  }

  /** Gone without being asked to stop. */
  get crashed(): boolean {
    return !this.stopping && !this.alive;
  }

  /** The first line of the last error printed to the log (how a crashed server died). */
  lastError(): string {
    try {
      const lines = readFileSync(this.logFile, "utf8").split("\n");
      const start = lines.findLastIndex((line) => /^\w*Error\b|^\s*\w*Error: |Unhandled/.test(line));
      return start < 0 ? lines.slice(-3).join(" ").trim().slice(0, 300) : lines[start]!.trim().slice(0, 300);
    } catch {
      return "";
    }
  }

  call<T>(type: string, args?: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    if (!this.alive) return Promise.reject(new Error(`${this.name} is not running (asked "${type}")`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: "${type}" timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.proc.send({ id, type, args } satisfies Request, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Resolves with the first event of that name the child emits. */
  once<T extends Event>(event: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no "${event}" in ${timeoutMs} ms`)), timeoutMs);
      void this.exited.then((code) => reject(new Error(`${this.name} exited (code ${code}) before "${event}"`)));
      this.events.set(event, (message) => {
        clearTimeout(timer);
        resolve(message as T);
      });
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Forks a TypeScript entry (with the same Node options as this process); its output goes to .out/logs/<name>.log. */
export function spawn(
  entry: URL,
  name: string,
  options: { env?: Record<string, string | undefined>; execArgv?: string[] } = {},
): Child {
  mkdirSync(`${outDir}logs`, { recursive: true });
  const logFile = `${outDir}logs/${name}.log`;
  const log = openSync(logFile, "w");
  const proc = fork(fileURLToPath(entry), [], {
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
    env: options.env ?? process.env,
    stdio: ["ignore", log, log, "ipc"],
  });
  return new Child(name, proc, logFile);
}

/** In a child: answers the parent's requests; exits when the parent goes away. */
export function serve(handlers: Record<string, Handler>): void {
  process.on("message", async (message: Request) => {
    try {
      const handler = handlers[message.type];
      if (!handler) throw new Error(`unknown request ${message.type}`);
      const result = await handler(message.args as never);
      process.send?.({ id: message.id, ok: true, result } satisfies Reply);
    } catch (error) {
      process.send?.({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) } satisfies Reply);
    }
  });
  process.on("disconnect", () => process.exit(0));
}

export function emit(event: string, data: Record<string, unknown> = {}): void {
  process.send?.({ event, ...data } satisfies Event);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
