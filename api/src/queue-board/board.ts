import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { Database } from "@chatmod/core/db";
import type { ModerationJobData } from "@chatmod/core/moderation-jobs";
import type { RedisClient } from "@chatmod/core/redis";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { bearerToken, type ViewerLookup } from "../auth/sessions.ts";
import type { Env } from "../env.ts";
import { ADMINS_ONLY, BOARD_PATH, BoardTickets, NOT_SIGNED_IN, type Refusal } from "./access.ts";
import { NodeHttpAdapter, type RoutePolicy, sendJson } from "./http-adapter.ts";

/**
 * The board actions that may change the queue, and when. Everything else that changes it is
 * refused with 403: pausing stops every verdict (held messages stay hidden, nothing undoes it
 * but a person), emptying or obliterating drops owed work, adding or editing jobs forges
 * moderation input, and concurrency, rate limits and schedulers are the worker's settings.
 * Removing a job is safe: the worker's outbox sweep enqueues it again while its moderation is owed.
 */
const ALLOWED_ACTIONS: Record<string, (params: Record<string, string>) => boolean> = {
  "PUT /api/queues/:queueName/:jobId/retry": () => true,
  "PUT /api/queues/:queueName/retry/:queueStatus": ({ queueStatus }) => queueStatus === "failed",
  "PUT /api/queues/:queueName/:jobId/clean": () => true,
  "PUT /api/queues/:queueName/clean/:queueStatus": ({ queueStatus }) =>
    queueStatus === "failed" || queueStatus === "completed",
  // A delayed moderation job is one waiting out its retry backoff: running it sooner is harmless.
  "PUT /api/queues/:queueName/:jobId/promote": () => true,
  "PUT /api/queues/:queueName/promote": () => true,
  // Undoes a pause made elsewhere (pausing itself is refused).
  "PUT /api/queues/:queueName/resume": () => true,
  "PUT /api/queues/resume": () => true,
};

const policy: RoutePolicy = (method, route, params) => {
  if (method === "GET") return null;
  const allowed = ALLOWED_ACTIONS[`${method} ${route}`];
  return allowed?.(params) ? null : "The queue board does not allow this action on the moderation queue.";
};

export type QueueBoard = {
  /** Answers any request whose path is BOARD_PATH or below it. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void>;
};

/**
 * bull-board for admins: the moderation queue's jobs (data, failure reasons) and the
 * retry of failed ones, at /admin/queues on the API's own server. Admission is a
 * board ticket (access.ts); a request that changes something must also come from an
 * allowed origin (CSRF: SameSite=Strict already keeps other sites' requests cookieless).
 */
export function createQueueBoard(options: {
  env: Env;
  db: Database;
  redis: RedisClient;
  queue: Queue<ModerationJobData>;
  viewers: ViewerLookup;
  log: Logger;
}): QueueBoard {
  const { env, viewers, log } = options;
  const tickets = new BoardTickets(
    options.db,
    options.redis,
    env.REDIS_PREFIX,
    env.QUEUE_BOARD_TICKET_SECONDS,
    env.isProduction,
  );
  const adapter = new NodeHttpAdapter(BOARD_PATH, policy);
  createBullBoard({
    queues: [
      new BullMQAdapter(options.queue, {
        description: "Messages to moderate: one job per send statement, or per message the outbox sweep enqueued.",
      }),
    ],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "chatmod queues", hideDocsLink: true } },
  });

  const refuse = (res: ServerResponse, access: Refusal, clearCookie = false) => {
    if (clearCookie) res.setHeader("set-cookie", tickets.cleared());
    sendJson(res, access.status, { errors: [{ message: access.message, extensions: { code: access.code } }] });
  };

  return {
    async handle(req, res, path, search) {
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
      if (method !== "GET" && !fromAllowedOrigin(req, env)) {
        sendJson(res, 403, {
          errors: [{ message: "This request must come from the app's own origin.", extensions: { code: "FORBIDDEN" } }],
        });
        return;
      }
      if (path === `${BOARD_PATH}/session`) {
        if (method !== "POST") return notFound(res);
        const viewer = await viewers(bearerToken(req.headers.authorization));
        if (!viewer) return refuse(res, NOT_SIGNED_IN);
        if (viewer.role !== "ADMIN") return refuse(res, ADMINS_ONLY);
        res.setHeader("set-cookie", await tickets.issue(viewer));
        return sendJson(res, 200, { url: `${BOARD_PATH}/` });
      }
      const access = await tickets.check(req);
      if (!access.ok) return refuse(res, access, access.status === 401);
      const body = method === "GET" ? undefined : await readJson(req, env.MAX_BODY_BYTES);
      if (body instanceof Error) {
        return sendJson(res, 400, { errors: [{ message: body.message, extensions: { code: "BAD_REQUEST" } }] });
      }
      const request = { method, path: path.slice(BOARD_PATH.length) || "/", query: new URLSearchParams(search), body };
      if (!(await adapter.handle(request, req, res))) return notFound(res);
      // Who changed the queue, and how: the board keeps no record of its own.
      if (method !== "GET")
        log.info({ adminId: access.viewer.id, method, path, status: res.statusCode }, "queue board action");
    },
  };
}

/** Browsers send Origin with every request that is not a GET or HEAD, same-origin ones included. */
function fromAllowedOrigin(req: IncomingMessage, env: Env): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && env.ALLOWED_ORIGINS.includes(origin);
}

function notFound(res: ServerResponse): void {
  sendJson(res, 404, { errors: [{ message: "Not found.", extensions: { code: "NOT_FOUND" } }] });
}

/** The request's JSON body (undefined when empty), or an Error to answer with 400. */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return new Error(`Request bodies are limited to ${limit} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return new Error("The request body is not valid JSON.");
  }
}
