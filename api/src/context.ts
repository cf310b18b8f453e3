import type { IncomingMessage } from "node:http";
import type { Database, User } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import type { ModerationJobData } from "@chatmod/core/moderation-jobs";
import type { ModerationRequests } from "@chatmod/core/moderation-owed";
import type { Span, Tracing } from "@chatmod/core/tracing";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import type { Viewer, ViewerLookup } from "./auth/sessions.ts";
import type { MessagePoster } from "./chat/post.ts";
import type { ReactionLoader } from "./chat/reaction-loader.ts";
import type { ReadStateLoader } from "./chat/unread.ts";
import type { Env } from "./env.ts";
import type { Presence } from "./live/presence.ts";
import type { PresenceFeeds } from "./live/presence-feeds.ts";
import type { RoomFeeds } from "./live/room-feeds.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { ApiMetrics } from "./server/metrics.ts";

/** What the server shares with every operation. */
export type Services = {
  env: Env;
  db: Database;
  events: EventBus;
  roomFeeds: RoomFeeds;
  rateLimiter: RateLimiter;
  /** Who is in each room and typing there: Redis only (see live/presence.ts). */
  presence: Presence;
  presenceFeeds: PresenceFeeds;
  /** The moderation queue, read by the queue board; the worker fills it. */
  moderationQueue: Queue<ModerationJobData>;
  /** Tells the worker what moderation is owed, several at once when they arrive together (see @chatmod/core/moderation-owed). */
  requestModeration: ModerationRequests;
  /** Who a bearer token belongs to (see auth/sessions.ts). */
  viewers: ViewerLookup;
  /** Stores new messages, several at once when they arrive together (see chat/post.ts). */
  postMessage: MessagePoster;
  /** Reads messages' reactions, batched and shared by every operation of the replica (see chat/reaction-loader.ts). */
  reactions: ReactionLoader;
  log: Logger;
  /** Prometheus metrics of this replica (see server/metrics.ts). */
  metrics: ApiMetrics;
  /** Who is calling, from an HTTP request or a socket's upgrade request (see server/client-address.ts). */
  clientAddressOf: (request: IncomingMessage | undefined) => string;
  /** OpenTelemetry traces; null when off (see @chatmod/core/tracing). */
  tracing: Tracing | null;
};

/** One operation's context: the services plus who is asking, on which transport. */
export type Context = Services & {
  viewer: Viewer | null;
  /** Who is calling, for per-client rate limits (see server/client-address.ts). */
  clientAddress: string;
  requestId: string;
  /** Batches the author lookups of one operation (see chat/authors.ts). */
  loadAuthor: (userId: string) => Promise<User>;
  /** Batches the viewer's read state of rooms (see chat/unread.ts). */
  loadReadState: ReadStateLoader;
  /** The operation's span, when tracing is on (see server/tracing.ts): the parent of the spans it causes. */
  span?: Span;
  /** Set on WebSocket operations: closes this client's socket (e.g. a subscriber too slow to keep up). */
  closeSocket?: (code: number, reason: string) => void;
};
