import { type Logger, pino } from "pino";
import type { WorkerEnv } from "./env.ts";

export type { Logger };

/** One JSON line per event, like the API's, told apart by `service`. */
export function createLogger(env: Pick<WorkerEnv, "LOG_LEVEL">): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: "worker", pid: process.pid } });
}

/**
 * An error as one short line for repeated warnings (Redis away, Postgres away):
 * Prisma's messages quote the calling source, and the cause is their last line.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.split("\n").filter((line) => line.trim() !== "");
  const code = (error as { code?: unknown }).code;
  return `${typeof code === "string" ? `${code} ` : ""}${lines.at(-1) ?? error.name}`;
}
