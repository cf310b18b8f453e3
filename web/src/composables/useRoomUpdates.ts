import type { CombinedError, OperationResult } from "@urql/core";
import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, toValue, watch } from "vue";
import { onEnd, pipe, subscribe } from "wonka";
import { actionForClose, retryDelay } from "../chat/reconnect.ts";
import { RoomUpdatesDocument, type RoomUpdatesSubscription } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { closeCode } from "../graphql/errors.ts";

/** What every watcher of a room is told: its settings and member count, not the viewer's own fields. */
export type RoomUpdate = RoomUpdatesSubscription["roomUpdates"];

/**
 * A room again each time its settings or members change, while the caller's scope
 * lives (nothing while `roomId` is null). Resubscribes after a drop; the stream does
 * not replay what changed meanwhile, so the caller reads the room when the socket reconnects.
 */
export function useRoomUpdates(
  roomId: MaybeRefOrGetter<string | null>,
  onUpdate: (room: RoomUpdate) => void,
  transport?: ChatTransport,
) {
  const { client, onConnected } = transport ?? useTransport();
  let current: { unsubscribe(): void } | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function listen(id: string | null): void {
    stop();
    if (!id) return;
    let failed = false;
    const subscription = pipe(
      client.subscription(RoomUpdatesDocument, { roomId: id }),
      onEnd(() => {
        // Ended by the server without an error: resubscribe all the same.
        if (!failed && current === subscription) retry(id, undefined);
      }),
      subscribe((result: OperationResult<RoomUpdatesSubscription>) => {
        if (current !== subscription) return;
        if (result.error) {
          failed = true;
          fail(id, result.error);
        } else if (result.data) {
          onUpdate(result.data.roomUpdates);
        }
      }),
    );
    current = subscription;
  }

  /** A refusal (no such room, signed out) stops the updates; the page keeps what it read. */
  function fail(id: string, failure: CombinedError): void {
    const code = closeCode(failure);
    if (failure.graphQLErrors.length > 0 || actionForClose(code) === "sign-in-again") stop();
    else retry(id, code);
  }

  function retry(id: string, code: number | undefined): void {
    stop();
    const delay = actionForClose(code) === "resume-now" ? retryDelay(0) : retryDelay(attempt++);
    retryTimer = setTimeout(() => listen(id), delay);
  }

  function stop(): void {
    clearTimeout(retryTimer);
    const previous = current;
    current = null;
    previous?.unsubscribe();
  }

  const unlisten = onConnected(() => {
    attempt = 0;
  });
  const unwatch = watch(() => toValue(roomId), listen, { immediate: true });

  function dispose(): void {
    unwatch();
    stop();
    unlisten();
  }
  if (getCurrentScope()) onScopeDispose(dispose);
  return { dispose };
}
