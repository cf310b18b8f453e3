import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Services } from "../context.ts";
import { isBoardPath } from "../queue-board/access.ts";
import type { QueueBoard } from "../queue-board/board.ts";
import type { Drain } from "./drain.ts";
import { requestIdFrom } from "./logging.ts";
import { answerPreflight, isPreflight, setResponseHeaders } from "./response-headers.ts";
import type { Yoga } from "./yoga.ts";

/**
 * The HTTP side: CORS and security headers on every answer, health probes, a body size limit, then the
 * queue board (admins, /admin/queues) or Yoga. Bodies must declare their length, so an oversize request
 * is refused before it is read.
 */
export function createHttpServer(services: Services, yoga: Yoga, drain: Drain, board: QueueBoard): Server {
  const { env, log } = services;
  const server = createServer(async (req, res) => {
    setResponseHeaders(req, res, env);
    if (!drain.admit(req, res)) return;
    if (isPreflight(req)) return answerPreflight(req, res, env);
    const [path = "/", search = ""] = (req.url ?? "/").split("?");
    if (path === "/health") return json(res, 200, { status: "ok" });
    if (path === "/ready") return json(res, ...(await readiness(services)));
    // Every POST, whatever its path: Yoga also answers "/graphql/" and other spellings of its endpoint.
    if (req.method === "POST") {
      const length = Number(req.headers["content-length"] ?? Number.NaN);
      if (Number.isNaN(length)) return json(res, 411, error("A Content-Length header is required."));
      if (length > env.MAX_BODY_BYTES)
        return json(res, 413, error(`Request bodies are limited to ${env.MAX_BODY_BYTES} bytes.`));
    }
    const requestId = requestIdFrom(header(req, "x-request-id"));
    // Yoga reads the id from the request, like any other header.
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    try {
      if (isBoardPath(path)) await board.handle(req, res, path, search);
      else await yoga.requestListener(req, res);
    } catch (failure) {
      log.error({ err: failure, requestId }, "request failed");
      if (!res.headersSent) json(res, 500, error("Unexpected error."));
    }
  });
  // An idle kept-alive socket closes on its own after this (a drain closes busy ones: drain.ts).
  server.keepAliveTimeout = 5_000;
  return server;
}

async function readiness(services: Services): Promise<[number, unknown]> {
  const checks = await Promise.allSettled([services.db.$queryRaw`SELECT 1`, services.events.ping()]);
  const [postgres, redis] = checks.map((check) => (check.status === "fulfilled" ? "up" : "down"));
  const ready = postgres === "up" && redis === "up";
  return [ready ? 200 : 503, { status: ready ? "ready" : "unavailable", postgres, redis }];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function error(message: string) {
  return { errors: [{ message }] };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}
