import type { IncomingMessage } from "node:http";
import { isUnreachable } from "@chatmod/core/sql";
import { createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { bearerToken, type Viewer } from "../auth/sessions.ts";
import { createAuthorLoader } from "../chat/authors.ts";
import { createReadStateLoader } from "../chat/unread.ts";
import type { Context, Services } from "../context.ts";
import { storageUnavailable } from "../errors.ts";
import { onUnusedQuery } from "../schema/builder.ts";
import { schema } from "../schema/index.ts";
import { requestIdFrom, requestLogging } from "./logging.ts";
import { securityPlugins } from "./security.ts";
import { tracingPlugin } from "./tracing.ts";

/** What the transports hand Yoga before the context is built. */
export type TransportContext = {
  /** The HTTP request. */
  req?: IncomingMessage;
  /** The caller's address, when the transport has worked it out (a socket does, once per connection). */
  clientAddress?: string;
  requestId?: string;
  /** Set by the socket layer, which authenticated the connection in connection_init. */
  viewer?: Viewer | null;
  closeSocket?: (code: number, reason: string) => void;
};

export type Yoga = YogaServerInstance<TransportContext, Context>;

export function createGraphQLServer(services: Services): Yoga {
  const { env, log } = services;
  // Outside production, a resolver that ignores its Prisma selection is pointed out (Pothos's own wording).
  onUnusedQuery(
    env.isProduction
      ? null
      : (info) => console.warn(`Prisma query was unused in resolver for ${info.parentType.name}.${info.fieldName}`),
  );
  return createYoga<TransportContext, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    // GraphiQL (with subscriptions over graphql-ws) for exploration, never in production.
    graphiql: env.isProduction ? false : { subscriptionsProtocol: "WS", title: "chatmod GraphQL" },
    landingPage: false,
    // CORS is answered before Yoga, for every path (server/response-headers.ts).
    cors: false,
    // Anything that is not an expected GraphQLError reaches the client as "Unexpected error." and is logged;
    // Postgres being away is expected in its way: the caller is told to retry (SERVICE_UNAVAILABLE).
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) =>
        isUnreachable(error) ? storageUnavailable() : maskError(error, message, isDev),
    },
    logging: {
      debug: (...args) => log.debug({ args }, "yoga"),
      info: (...args) => log.info({ args }, "yoga"),
      warn: (...args) => log.warn({ args }, "yoga"),
      error: (...args) => log.error({ err: args[0], args: args.slice(1) }, "yoga error"),
    },
    // Metrics after the security plugins: they count the errors with the codes those give them.
    plugins: [
      ...securityPlugins(env),
      services.metrics.plugin(),
      requestLogging(log),
      ...(services.tracing ? [tracingPlugin(services.tracing)] : []),
    ],
    context: async (initial): Promise<Context> => {
      const request = (initial as { request?: Request }).request;
      const viewer =
        initial.viewer !== undefined
          ? initial.viewer
          : await services.viewers(bearerToken(request?.headers.get("authorization")));
      const requestId = initial.requestId ?? requestIdFrom(request?.headers.get("x-request-id"));
      const own = {
        viewer,
        clientAddress: initial.clientAddress ?? services.clientAddressOf(initial.req),
        requestId,
        ...(initial.closeSocket ? { closeSocket: initial.closeSocket } : {}),
      };
      // Yoga adds this to the context it started from: a socket's already has the services, and
      // makes its logger and loaders when first used (socketContext).
      if (isSocketContext(initial, services)) return own as Context;
      return {
        ...services,
        ...own,
        loadAuthor: madeOnFirstCall(() => createAuthorLoader(services.db)),
        loadReadState: madeOnFirstCall(() => createReadStateLoader(services.db)),
        log: log.child({ requestId }),
      };
    },
  });
}

/**
 * A per-operation loader, made when the operation first calls it: most operations never do
 * (an idle subscription holds its context for hours), and two loaders were 2.3 KB per socket.
 */
function madeOnFirstCall<Args extends unknown[], Result>(
  make: () => (...args: Args) => Result,
): (...args: Args) => Result {
  let made: ((...args: Args) => Result) | undefined;
  return (...args) => {
    made ??= make();
    return made(...args);
  };
}

/**
 * Where a socket operation's context starts: the services are its prototype, not copied into it.
 * A subscription keeps its context for as long as the socket lives, and the copies made each one
 * a large object; Yoga adds the operation's own fields (see the context factory above). Its
 * logger (a pino child bound to the request id) and loaders are made when first read, by getters
 * on a prototype shared by every socket operation: most subscriptions never use them, and they
 * were ~0.6 KB per idle socket.
 */
export function socketContext<Own extends TransportContext>(services: Services, own: Own): Own {
  return Object.assign(Object.create(socketPrototypeOf(services)) as Own, own);
}

const socketPrototypes = new WeakMap<Services, object>();

function isSocketContext(context: object, services: Services): boolean {
  return Object.getPrototypeOf(context) === socketPrototypes.get(services);
}

function socketPrototypeOf(services: Services): object {
  let prototype = socketPrototypes.get(services);
  if (prototype) return prototype;
  const madeOnFirstRead = <Key extends "log" | "loadAuthor" | "loadReadState">(
    key: Key,
    make: (context: Context) => Context[Key],
  ): PropertyDescriptor => ({
    configurable: true,
    get(this: Context) {
      const value = make(this);
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
  });
  prototype = Object.create(services, {
    log: madeOnFirstRead("log", (context) => services.log.child({ requestId: context.requestId })),
    loadAuthor: madeOnFirstRead("loadAuthor", () => createAuthorLoader(services.db)),
    loadReadState: madeOnFirstRead("loadReadState", () => createReadStateLoader(services.db)),
  }) as object;
  socketPrototypes.set(services, prototype);
  return prototype;
}
