import type { AddressInfo } from "node:net";
import { createDatabase, createPool } from "@chatmod/core/db";
import { EventBus } from "@chatmod/core/event-bus";
import { type MetricsListener, serveMetrics } from "@chatmod/core/metrics";
import { createModerationQueue } from "@chatmod/core/moderation-jobs";
import { createModerationRequests } from "@chatmod/core/moderation-owed";
import { createRedis } from "@chatmod/core/redis";
import { startTracing } from "@chatmod/core/tracing";
import { ensureAdmin } from "./auth/admin.ts";
import { createViewerLookup } from "./auth/sessions.ts";
import { createMessagePoster } from "./chat/post.ts";
import { createReactionLoader } from "./chat/reaction-loader.ts";
import type { Services } from "./context.ts";
import type { Env } from "./env.ts";
import { Presence } from "./live/presence.ts";
import { PresenceFeeds } from "./live/presence-feeds.ts";
import { RoomFeeds } from "./live/room-feeds.ts";
import { createQueueBoard } from "./queue-board/board.ts";
import { RateLimiter } from "./rate-limit.ts";
import { clientAddresses } from "./server/client-address.ts";
import { createDrain } from "./server/drain.ts";
import { createHttpServer } from "./server/http.ts";
import { createLogger } from "./server/logging.ts";
import { createApiMetrics } from "./server/metrics.ts";
import { attachWebSocket } from "./server/websocket.ts";
import { createGraphQLServer } from "./server/yoga.ts";

export type App = {
  services: Services;
  /** Listens on the port (0: any free one) and resolves with the base URL. */
  start(port?: number, host?: string): Promise<string>;
  /** Serves Prometheus metrics on a port of their own (0: any free one); resolves with the /metrics URL. */
  startMetrics(port?: number, host?: string): Promise<string>;
  /** Drains: stops accepting, closes sockets with 1001, finishes in-flight requests, closes Postgres and Redis, exports the last spans. */
  stop(): Promise<void>;
  readonly connections: number;
};

export function buildApp(env: Env): App {
  const log = createLogger(env);
  // Off (null) unless an OTLP endpoint is configured; then the SDK is loaded here.
  const tracing = startTracing(env.tracing, log);
  // One pool: Prisma's adapter and the send path's own statement (chat/post.ts) share it.
  const pool = createPool(env.DATABASE_URL);
  // An idle connection that Postgres drops (a restart) is reported here; left unlistened it would end the process.
  pool.on("error", (error) => log.warn({ err: error.message }, "postgres connection error"));
  const db = createDatabase(pool);
  const metrics = createApiMetrics(pool);
  const redis = createRedis(env);
  const subscriber = createRedis(env, { maxRetriesPerRequest: null, subscriber: true });
  // The queue board's. BullMQ loads its Lua scripts onto its connection, and ioredis copies them into
  // every pipeline and MULTI made on that connection: the queue has its own, so publishes stay cheap.
  const queueRedis = createRedis(env);
  const events = new EventBus(redis, subscriber, env.REDIS_PREFIX, tracing);
  const moderationQueue = createModerationQueue(queueRedis, env.REDIS_PREFIX);
  const presence = new Presence(
    redis,
    events,
    env.REDIS_PREFIX,
    {
      ttlMs: env.PRESENCE_TTL_MS,
      heartbeatMs: env.PRESENCE_HEARTBEAT_MS,
      typingTtlMs: env.TYPING_TTL_MS,
      typingThrottleMs: env.TYPING_THROTTLE_MS,
    },
    log,
  );
  const services: Services = {
    env,
    db,
    log,
    events,
    roomFeeds: new RoomFeeds(db, events, env.ROOM_TAIL_CHECK_MS, metrics.delivered),
    rateLimiter: new RateLimiter(redis, env.REDIS_PREFIX),
    presence,
    presenceFeeds: new PresenceFeeds(db, presence, events, log),
    moderationQueue,
    requestModeration: createModerationRequests(redis, env.REDIS_PREFIX, tracing),
    viewers: createViewerLookup(db, events, env.SESSION_CACHE_MS),
    postMessage: metrics.timedPoster(createMessagePoster(pool, { onBatch: metrics.sendBatch, tracing })),
    reactions: createReactionLoader(db),
    metrics,
    clientAddressOf: clientAddresses(env.TRUSTED_PROXY_HOPS, (message) => log.warn(message)),
    tracing,
  };
  for (const connection of [redis, subscriber, queueRedis])
    connection.on("error", (error: Error) => log.warn({ err: error.message }, "redis connection error"));
  // Without a listener BullMQ prints every reconnect failure to stderr; the connection's own listener reports it.
  services.moderationQueue.on("error", () => {});

  const yoga = createGraphQLServer(services);
  const drain = createDrain();
  const board = createQueueBoard({ env, db, redis, queue: moderationQueue, viewers: services.viewers, log });
  const httpServer = createHttpServer(services, yoga, drain, board);
  const sockets = attachWebSocket(httpServer, services, yoga);
  let metricsListener: MetricsListener | null = null;

  return {
    services,
    get connections() {
      return sockets.connections;
    },
    async start(port = env.PORT, host = env.HOST) {
      await ensureAdmin(db, env, log);
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.address === "0.0.0.0" || address.address === "::" ? "localhost" : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async startMetrics(port = env.METRICS_PORT, host = env.METRICS_HOST) {
      metricsListener ??= await serveMetrics(metrics.registry, port, host);
      return metricsListener.url;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      drain.start();
      await sockets.close();
      services.roomFeeds.close();
      presence.close();
      httpServer.closeIdleConnections();
      const grace = setTimeout(() => httpServer.closeAllConnections(), env.SHUTDOWN_GRACE_MS).unref();
      await closed;
      clearTimeout(grace);
      await yoga.dispose();
      await metricsListener?.close();
      await services.moderationQueue.close();
      // The subscriber has nothing to flush, and QUIT would wait for a Redis that may never come back.
      subscriber.disconnect();
      await Promise.allSettled([
        db.$disconnect().finally(() => pool.end()),
        redis.quit(),
        queueRedis.quit(),
        // The spans still buffered are exported before the process ends.
        tracing?.shutdown(),
      ]);
    },
  };
}
