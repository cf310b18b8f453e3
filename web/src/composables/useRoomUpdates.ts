import { type MaybeRefOrGetter, toValue, watch } from "vue";
import { RoomUpdatesDocument, type RoomUpdatesSubscription } from "../gql/graphql.ts";
import type { ChatTransport } from "../graphql/client.ts";
import { useResubscribing } from "./useResubscribing.ts";

/** What every watcher of a room is told: its settings and member count, not the viewer's own fields. */
export type RoomUpdate = RoomUpdatesSubscription["roomUpdates"];

/**
 * A room again each time its settings or members change, while the caller's scope
 * lives (nothing while `roomId` is null). Resubscribes after a drop; the stream does
 * not replay what changed meanwhile, so the caller reads the room when the socket reconnects.
 * A refusal (no such room, signed out) stops the updates; the page keeps what it read.
 */
export function useRoomUpdates(
  roomId: MaybeRefOrGetter<string | null>,
  onUpdate: (room: RoomUpdate) => void,
  transport?: ChatTransport,
) {
  const stream = useResubscribing(
    RoomUpdatesDocument,
    () => {
      const id = toValue(roomId);
      return id ? { roomId: id } : null;
    },
    { onData: (data) => onUpdate(data.roomUpdates) },
    { transport },
  );
  const unwatch = watch(() => toValue(roomId), stream.listen);

  function dispose(): void {
    unwatch();
    stream.dispose();
  }
  return { dispose };
}
