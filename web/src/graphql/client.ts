import { Client, fetchExchange, getOperationName, mapExchange, subscriptionExchange } from "@urql/core";
import { createClient } from "graphql-ws";
import { type InjectionKey, inject } from "vue";
import { ACCESS_CHANGED_CLOSE, SESSION_ENDED_CLOSE } from "../chat/reconnect.ts";
import { SendMessageDocument } from "../gql/graphql.ts";
import { errorCode } from "./errors.ts";

/** GraphQL over HTTP and over one WebSocket (subscriptions and sendMessage), as the app's composables use them. */
export type ChatTransport = {
  client: Client;
  /** Whether the socket is open and acknowledged right now. */
  isConnected(): boolean;
  /** Called each time the socket is (re)connected; returns the unlisten function. */
  onConnected(listener: () => void): () => void;
  /** Drops the socket at once; its subscriptions end with a close and resume on their own. */
  dropConnection(): void;
};

export type TransportOptions = {
  getToken(): string | null;
  /** The session was refused (revoked, expired): UNAUTHENTICATED over HTTP or close 4403 on the socket. */
  onSessionEnded(): void;
  /** The person's rights changed (close 4504: a new role, a room left); subscriptions resume on their own. */
  onAccessChanged?(): void;
  /** Where the API is; the same origin by default (Vite and the static server proxy /graphql). */
  httpUrl?: string;
  wsUrl?: string;
};

export const transportKey: InjectionKey<ChatTransport> = Symbol("chat transport");

export function useTransport(): ChatTransport {
  const transport = inject(transportKey);
  if (!transport) throw new Error("The chat transport is not provided (see main.ts).");
  return transport;
}

const PING_EVERY_MS = 10_000;
const PONG_WITHIN_MS = 5_000;
/** A socket the API does not acknowledge in time is closed (4504), so nothing waits on it forever. */
const ACK_WITHIN_MS = 10_000;
const SEND_MESSAGE = getOperationName(SendMessageDocument);

export function createChatTransport(options: TransportOptions): ChatTransport {
  const httpUrl = options.httpUrl ?? "/graphql";
  const wsUrl = options.wsUrl ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  const connectedListeners = new Set<() => void>();
  let connected = false;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const socket = createClient({
    url: wsUrl,
    lazy: true,
    // Switching rooms unsubscribes then subscribes: keep the socket for that moment.
    lazyCloseTimeout: 2_000,
    // No silent retries: each subscription resubscribes itself with the last seq it saw,
    // which a blind retry of the original payload (the old afterSeq) could not do.
    retryAttempts: 0,
    connectionParams: () => ({ authToken: options.getToken() }),
    keepAlive: PING_EVERY_MS,
    connectionAckWaitTimeout: ACK_WITHIN_MS,
    on: {
      connected: () => {
        connected = true;
        for (const listener of connectedListeners) listener();
      },
      closed: (event) => {
        connected = false;
        clearTimeout(pongTimer);
        const code = (event as { code?: number }).code;
        if (code === SESSION_ENDED_CLOSE && options.getToken()) options.onSessionEnded();
        if (code === ACCESS_CHANGED_CLOSE && options.getToken()) options.onAccessChanged?.();
      },
      // A socket can die silently (sleeping laptop, lost Wi-Fi): no pong in time means it is gone.
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => socket.terminate(), PONG_WITHIN_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  const client = new Client({
    url: httpUrl,
    // No document cache: live state is kept by the composables, and a cache would
    // show one account's rooms to the next person signing in on this browser.
    exchanges: [
      mapExchange({
        onError(error) {
          // Only a session we hold can end; a failed sign-in is UNAUTHENTICATED too.
          if (errorCode(error) === "UNAUTHENTICATED" && options.getToken()) options.onSessionEnded();
        },
      }),
      subscriptionExchange({
        // Subscriptions, and the chat's hot path: a signed-in sendMessage goes over the socket the room
        // is already live on (authenticated in connection_init), saving an HTTP request and its headers
        // per message. Everything else goes on to fetchExchange (HTTP). With no retries, a socket
        // closing mid-send fails the send (a network error, retryable).
        isSubscriptionOperation: (operation) =>
          operation.kind === "subscription" ||
          (operation.kind === "mutation" &&
            getOperationName(operation.query) === SEND_MESSAGE &&
            options.getToken() !== null),
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
      fetchExchange,
    ],
    preferGetMethod: false,
    fetchOptions: () => {
      const token = options.getToken();
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
  });

  return {
    client,
    isConnected: () => connected,
    onConnected(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    dropConnection: () => socket.terminate(),
  };
}
