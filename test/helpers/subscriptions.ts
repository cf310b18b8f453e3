import type { Topic } from "@chatmod/core/topics";
import { type Client, createClient } from "graphql-ws";
import { vi } from "vitest";
import WebSocket from "ws";
import { gql, type Operation } from "./graphql.ts";
import type { TestApi } from "./stack.ts";
import { waitFor } from "./wait.ts";

export type RoomEvent = { seq: number; kind: string; message: { id: string; seq: number; text: string | null } };

export const ROOM_EVENTS = gql<{ roomEvents: RoomEvent }, { roomId: string; afterSeq?: number }>(
  `subscription($roomId: ID!, $afterSeq: Int) {
  roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq kind message { id seq text } }
}`,
);

/** A graphql-ws client for one API replica; no automatic retries, so tests see every close. */
export function wsClient(url: string, token: string | null, options: { origin?: string } = {}): Client {
  const headers = options.origin ? { origin: options.origin } : undefined;
  return createClient({
    url,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: token ? { authToken: token } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects a subscription's events; `until(n)` waits for the n-th one. */
export function collect<T, Variables extends Record<string, unknown>>(
  client: Client,
  query: Operation<T, Variables>,
  variables: Variables,
) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let notify = () => {};
  let completed = false;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) events.push(result.data as T);
        notify();
      },
      error: (error) => {
        errors.push(error);
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  return {
    events,
    errors,
    get completed() {
      return completed;
    },
    unsubscribe,
    async until(count: number, timeoutMs = 10_000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline) throw new Error(`timed out with ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
      return events.slice(0, count);
    },
    async settled(timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!completed && errors.length === 0 && Date.now() < deadline)
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
    },
  };
}

/** The kinds of topic whose subscriptions each listen on a replica's event bus themselves. */
type ListenedTopic = Extract<Topic, "room-changes" | "moderation" | "person">;

/**
 * Counts the listeners that a replica's event bus confirms from now on for one
 * kind of topic (Redis has applied their SUBSCRIBE): a roomUpdates, moderationEvents
 * or notices subscription is live once its listener is confirmed. (A
 * roomEvents subscription shares its room's feed instead: it is live once it
 * has delivered an event.)
 */
export function countListeners(api: Pick<TestApi, "app">, topic: ListenedTopic) {
  const listen = vi.spyOn(api.app.services.events, "listen");
  const confirmed = () =>
    listen.mock.settledResults.filter(
      (result, index) => result.type === "fulfilled" && listen.mock.calls[index]?.[0] === topic,
    ).length;
  return {
    /** Waits until `count` listeners are confirmed, then stops counting. */
    async until(count: number): Promise<void> {
      try {
        await waitFor(`${count} confirmed ${topic} listener(s)`, () => confirmed() >= count);
      } finally {
        listen.mockRestore();
      }
    },
  };
}
