import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { AccessChangeFact } from "@chatmod/core/topics";
import { type ExecutionArgs, type ExecutionResult, GraphQLError, getOperationAST, OperationTypeNode } from "graphql";
import { CloseCode, handleProtocols, makeServer } from "graphql-ws";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { bearerToken, type Viewer } from "../auth/sessions.ts";
import type { Context, Services } from "../context.ts";
import { ErrorCode } from "../errors.ts";
import { ACCESS_CHANGED_CLOSE_CODE, GOING_AWAY, SLOW_SUBSCRIBER_CLOSE_CODE } from "../live/close-codes.ts";
import { isPushable } from "../live/pushable.ts";
import { FrameWriter, writeFrames } from "./frames.ts";
import { KeepAlive } from "./keep-alive.ts";
import { requestIdFrom } from "./logging.ts";
import { withCodedVariableErrors, withoutInternalExtensions, withoutSuggestion } from "./security.ts";
import { SessionExpiry } from "./session-expiry.ts";
import { type Payload, sharedSubscribe } from "./shared-execution.ts";
import { socketContext, type Yoga } from "./yoga.ts";

/** What a connection's methods use of the server that made it: one for all its connections. */
type Wiring = {
  /** false: not written (the socket is closed, or closed now). */
  send(socket: WebSocket, head: Buffer): boolean;
  close(socket: WebSocket, code?: number, reason?: string): void;
  /** The socket has closed. */
  ended(connection: Connection, code: number, reason: string): void;
  log: Logger;
};

/** Where a socket's shared listeners find its connection. */
const CONNECTION = Symbol("connection");
type Socket = WebSocket & { [CONNECTION]?: Connection };

/**
 * One socket: graphql-ws's view of it (protocol, send, close, onMessage) and what the server keeps
 * about it (graphql-ws's `extra`). A class whose socket listeners are functions shared by every
 * socket: an idle socket lives for hours, and its closures were a measured share of its memory.
 */
class Connection {
  readonly protocol: string;
  token?: string;
  viewer?: Viewer;
  /** Ids of the subscriptions accepted on this socket; those graphql-ws still holds are live. */
  readonly subscriptions = new Set<string>();
  /** graphql-ws's handler of the socket's messages. */
  private receive: ((data: string) => Promise<void>) | undefined;
  /** graphql-ws's handler of the socket's close. */
  closed: ((code: number, reason: string) => Promise<void>) | undefined;

  readonly socket: Socket;
  /** Worked out from the upgrade request, which is not kept: each socket would hold its headers. */
  readonly clientAddress: string;
  readonly wiring: Wiring;

  constructor(socket: Socket, clientAddress: string, wiring: Wiring) {
    this.socket = socket;
    this.clientAddress = clientAddress;
    this.wiring = wiring;
    this.protocol = socket.protocol;
    socket[CONNECTION] = this;
    socket.on("error", onSocketError);
    socket.once("close", onSocketClose);
  }

  send(data: string): void {
    this.wiring.send(this.socket, Buffer.from(data));
  }

  close(code?: number, reason?: string): void {
    this.wiring.close(this.socket, code, reason);
  }

  onMessage(receive: (data: string) => Promise<void>): void {
    this.receive = receive;
    this.socket.on("message", onSocketMessage);
  }

  received(data: RawData): void {
    this.receive?.(String(data)).catch((error: unknown) => {
      this.wiring.log.error({ err: error }, "socket message failed");
      this.close(CloseCode.InternalServerError, "Internal server error");
    });
  }
}

function onSocketMessage(this: Socket, data: RawData): void {
  this[CONNECTION]?.received(data);
}

function onSocketClose(this: Socket, code: number, reason: Buffer): void {
  const connection = this[CONNECTION];
  connection?.wiring.ended(connection, code, String(reason));
}

function onSocketError(this: Socket, error: Error): void {
  this[CONNECTION]?.wiring.log.warn({ err: error }, "socket error");
}

type EnvelopedArgs = ExecutionArgs & {
  rootValue: { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };
};

/**
 * graphql-ws on `ws`, wired by hand (graphql-ws's `makeServer`) so that the
 * upgrade checks the Origin allowlist, frames are capped, every connection
 * authenticates in connection_init, and sockets can be drained on shutdown.
 */
export function attachWebSocket(httpServer: Server, services: Services, yoga: Yoga) {
  const { env, log, metrics } = services;
  // No permessage-deflate: frames are written ready-made (frames.ts), and compression would cost more than it saves here.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: env.WS_MAX_PAYLOAD_BYTES,
    handleProtocols,
    perMessageDeflate: false,
  });

  // A reader that does not keep up: its unsent bytes are bounded, and it is told to resume.
  const frames = new FrameWriter(env.WS_WRITE_COALESCE_MS, env.WS_MAX_BUFFERED_BYTES, (socket) =>
    close(socket, SLOW_SUBSCRIBER_CLOSE_CODE, "Too slow: resubscribe with afterSeq"),
  );
  /** Every close goes through here: frames still queued for the socket are written first. */
  const close = (socket: WebSocket, code?: number, reason?: string) => {
    // Counted once per socket: a slow one meets the limit again with every frame until it is closed.
    if (code === SLOW_SUBSCRIBER_CLOSE_CODE && socket.readyState === WebSocket.OPEN) metrics.slowConsumerCloses.inc();
    frames.close(socket, code, reason);
  };

  /** Sockets past connection_init, so a change of their user's rights reaches them at once. */
  const signedIn = new Set<Connection>();
  const keepAlive = new KeepAlive(env.WS_PING_INTERVAL_MS);
  const expiry = new SessionExpiry();
  const stopListening = services.events
    .listen("access", (change) => endAccess(signedIn, change, close))
    .catch((error: unknown) => {
      // Sockets still meet the change at their next operation (each one looks its viewer up again).
      log.warn({ err: error }, "not listening for access changes");
      return () => {};
    });

  const graphqlWs = makeServer<Record<string, unknown> | undefined, Connection>({
    connectionInitWaitTimeout: env.WS_CONNECTION_INIT_TIMEOUT_MS,
    execute: (args) => (args as EnvelopedArgs).rootValue.execute(args) as never,
    // Executed and serialized once per event and viewer class, shared by the replica's subscribers
    // (see shared-execution.ts); onOperation below writes the frames.
    subscribe: async (args) => {
      const result = await sharedSubscribe(args, (args.contextValue as Context).viewer);
      if (isPushable(result)) return metrics.subscriptionOpened(args.document, args.operationName, result) as never;
      // Variables are coerced here, not in envelop's execute: their errors need their code, and may suggest names too.
      const coded = withCodedVariableErrors(result);
      const answer =
        env.isProduction && coded.errors ? { ...coded, errors: coded.errors.map(withoutSuggestion) } : coded;
      metrics.countExecuted(args.document, args.operationName, answer);
      return answer as never;
    },
    // Every result graphql-ws writes itself (queries and mutations; not the shared subscription frames).
    onNext: (_ctx, _id, _payload, _args, result) => withoutInternalExtensions(result as ExecutionResult),
    onOperation: (ctx, id, _payload, _args, result) =>
      isPushable<Payload>(result) ? (writeFrames(result, id, ctx.extra.socket, deliver) as never) : undefined,
    // Returning false closes the socket with 4403 Forbidden.
    onConnect: async (ctx) => {
      const token = tokenFrom(ctx.connectionParams);
      const viewer = await services.viewers(token);
      if (!viewer) return false;
      // Closed while the session was looked up: its close handler has run, so nothing would undo these.
      if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
      ctx.extra.token = token as string;
      ctx.extra.viewer = viewer;
      expiry.add(ctx.extra, viewer.expiresAt);
      signedIn.add(ctx.extra);
      return true;
    },
    onSubscribe: async (ctx, id, payload) => {
      const { socket, clientAddress } = ctx.extra;
      // Counted before any await, so operations sent back to back are counted in order; this one is included.
      if (Object.keys(ctx.subscriptions).length > env.WS_MAX_OPERATIONS)
        return metrics.refused(tooMany(`At most ${env.WS_MAX_OPERATIONS} operations at once per connection.`));
      // A logged-out session ends its sockets at their next operation.
      const viewer = await services.viewers(ctx.extra.token);
      if (!viewer) {
        close(socket, CloseCode.Forbidden, "Session ended");
        return metrics.refused(new GraphQLError("Session ended.", { extensions: { code: ErrorCode.UNAUTHENTICATED } }));
      }
      const requestId = requestIdFrom(undefined);
      const closeSocket: (code: number, reason: string) => void = ctx.extra.close.bind(ctx.extra);
      const enveloped = yoga.getEnveloped(
        socketContext(services, {
          params: payload,
          clientAddress,
          requestId,
          viewer,
          closeSocket,
        }),
      );
      // Limits (depth, tokens, aliases, cost) may throw from parse or validate: an error for
      // this operation only, and the socket stays open.
      let document: ReturnType<typeof enveloped.parse>;
      try {
        document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      // The text the parsed document was cached from, equal to this one: a subscription holds its
      // payload as long as it lives, and the text would otherwise be a copy per socket.
      const cachedText = document.loc?.source.body;
      if (cachedText === payload.query) (payload as { query: string }).query = cachedText;
      if (getOperationAST(document, payload.operationName)?.operation === OperationTypeNode.SUBSCRIPTION) {
        // graphql-ws forgets an operation as soon as it ends or the client completes it; its own
        // cleanup (and onComplete) may come later, when a new subscribe is already waiting.
        const live = ctx.extra.subscriptions;
        for (const known of live) if (!(known in ctx.subscriptions)) live.delete(known);
        // Checked and counted with no await in between: a burst of subscribes cannot pass the cap together.
        if (live.size >= env.WS_MAX_SUBSCRIPTIONS)
          return metrics.refused(tooMany(`At most ${env.WS_MAX_SUBSCRIPTIONS} subscriptions per connection.`));
        live.add(id);
      }
      log.info({ requestId, op: payload.operationName ?? null, id, user: viewer.id }, "ws operation");
      return {
        schema: enveloped.schema,
        document,
        operationName: payload.operationName ?? null,
        variableValues: payload.variables ?? null,
        contextValue: await enveloped.contextFactory(),
        rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
      };
    },
  });

  /** Every frame to a client goes through here; false: not queued (the socket is closed). */
  const send = (socket: WebSocket, head: Buffer, body?: Buffer, tail?: Buffer): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    frames.write(socket, head, body, tail);
    return true;
  };
  const deliver = (socket: WebSocket, head: Buffer, body: Buffer, tail: Buffer) => {
    if (send(socket, head, body, tail)) metrics.deliveries();
  };
  const wiring: Wiring = {
    send,
    close,
    log,
    ended: (connection, code, reason) => {
      keepAlive.delete(connection.socket);
      expiry.delete(connection);
      signedIn.delete(connection);
      void connection.closed?.(code, reason);
    },
  };
  wss.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    const connection = new Connection(socket, services.clientAddressOf(request), wiring);
    connection.closed = graphqlWs.opened(connection, connection);
    keepAlive.add(socket);
  });

  metrics.watchSockets(() => wss.clients.size);

  httpServer.on("upgrade", (request: IncomingMessage, stream: Duplex, head: Buffer) => {
    const path = (request.url ?? "/").split("?")[0];
    const origin = request.headers.origin;
    // Browsers always send Origin; other programs may not, and are authenticated like anyone else.
    if (path !== "/graphql") return refuse(stream, 404, "Not Found");
    if (origin !== undefined && !env.ALLOWED_ORIGINS.includes(origin)) return refuse(stream, 403, "Forbidden");
    wss.handleUpgrade(request, stream, head, (socket) => wss.emit("connection", socket, request));
  });

  return {
    get connections() {
      return wss.clients.size;
    },
    /** Closes every socket with 1001 so clients reconnect elsewhere and resume. */
    async close(): Promise<void> {
      // Not awaited: with Redis unreachable the listener may never have been set up.
      void stopListening.then((stop) => stop());
      for (const socket of wss.clients) close(socket, GOING_AWAY, "Server shutting down");
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Open subscriptions were authorized when they began: a logout ends its
 * session's sockets (4403), a suspension all of its user's (4403), and any other change of a user's rights (a role,
 * leaving a room) closes that user's sockets so the client resubscribes and is
 * authorized afresh (4504, resume with afterSeq).
 */
function endAccess(
  signedIn: Set<Connection>,
  change: AccessChangeFact,
  close: (socket: WebSocket, code: number, reason: string) => void,
): void {
  // On the next turn: an answer still on its way to the socket (to that logout) is queued first.
  const closeSoon = (socket: WebSocket, code: number, reason: string) =>
    setImmediate(() => close(socket, code, reason));
  for (const { socket, viewer } of signedIn) {
    if ("sessionId" in change && viewer?.sessionId === change.sessionId)
      closeSoon(socket, CloseCode.Forbidden, "Session ended");
    else if ("userId" in change && change.signedOut && viewer?.id === change.userId)
      closeSoon(socket, CloseCode.Forbidden, "Signed out: account suspended");
    else if ("userId" in change && viewer?.id === change.userId)
      closeSoon(socket, ACCESS_CHANGED_CLOSE_CODE, "Access changed: resubscribe with afterSeq");
  }
}

/**
 * `{ authToken }` is the documented form; `{ Authorization: "Bearer …" }` is
 * accepted too, because GraphiQL sends its headers as connection params.
 */
function tokenFrom(params: Record<string, unknown> | undefined): string | null {
  const token = params?.["authToken"];
  if (typeof token === "string") return token;
  const header = params?.["Authorization"] ?? params?.["authorization"];
  return typeof header === "string" ? bearerToken(header) : null;
}

function tooMany(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.RATE_LIMITED } });
}

function refuse(stream: Duplex, status: number, text: string): void {
  stream.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
