import { randomUUID } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import { type Logger, pino } from "pino";
import type { Env } from "../env.ts";

export function createLogger(env: Env): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: "api", pid: process.pid } });
}

/** A request id from the caller's `x-request-id` (when sane) or a new one. */
export function requestIdFrom(header: string | null | undefined): string {
  if (header && /^[\w.-]{1,64}$/.test(header)) return header;
  // randomUUID() builds its string as a tree of ~10 concatenated pieces (~0.3 KB); a socket's
  // subscription keeps its id for hours, so it is copied into one flat string (~60 bytes).
  return Buffer.from(randomUUID(), "latin1").toString("latin1");
}

/** One JSON line per HTTP GraphQL request: id, operation, status, duration. */
export function requestLogging(log: Logger): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const begin = started.get(request);
      const requestId = request.headers.get("x-request-id");
      log.info(
        {
          requestId,
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          ms: begin === undefined ? undefined : Math.round((performance.now() - begin) * 10) / 10,
        },
        "http request",
      );
    },
  };
}
