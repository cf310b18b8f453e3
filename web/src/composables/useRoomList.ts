import { computed, type InjectionKey, inject, type Ref, ref, shallowRef, watch } from "vue";
import { applyToList, type ListedRoom, newMentions, totals } from "../chat/room-list.ts";
import {
  JoinedRoomsDocument,
  MarkRoomReadDocument,
  RoomListUpdatesDocument,
  type RoomListUpdatesSubscription,
} from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { useResubscribing } from "./useResubscribing.ts";

/** A room as roomListUpdates brings it: its list entry and its directory card. */
export type RoomListUpdate = RoomListUpdatesSubscription["roomListUpdates"];

export type RoomListOptions = {
  signedIn: () => boolean;
  transport?: ChatTransport;
  online?: Ref<boolean>;
  /** A room names the person once more (mentionCount grew), e.g. for a notification. */
  onMention?: (room: ListedRoom, count: number) => void;
};

/**
 * The signed-in person's rooms with their unread and mention counts, live:
 * one roomListUpdates subscription for the whole app (the side list, the
 * directory's cards, the tab's title). The list is read on start and after a
 * drop, since the subscription replays nothing. Pages that show rooms not in
 * the list (the directory: new rooms) listen with `onRoom`.
 */
export function useRoomList(options: RoomListOptions) {
  const { client } = options.transport ?? useTransport();
  const rooms = shallowRef<ListedRoom[]>([]);
  const error = ref<string | null>(null);
  const listeners = new Set<(room: RoomListUpdate) => void>();
  /** Answers for an earlier sign-in are dropped. */
  let session = 0;

  const stream = useResubscribing(
    RoomListUpdatesDocument,
    () => (options.signedIn() ? {} : null),
    { onData: (data) => arrive(data.roomListUpdates), onResumed: () => void load() },
    { transport: options.transport, online: options.online },
  );

  async function load(): Promise<void> {
    const asked = session;
    const result = await client.query(JoinedRoomsDocument, {}, { requestPolicy: "network-only" }).toPromise();
    if (asked !== session || !options.signedIn()) return;
    error.value = result.data ? null : describeError(result.error);
    if (result.data) rooms.value = result.data.joinedRooms.reduce(applyToList, [] as ListedRoom[]);
  }

  function arrive(room: RoomListUpdate): void {
    const before = rooms.value.find((each) => each.id === room.id);
    put(room);
    const more = newMentions(before, room);
    if (more > 0) options.onMention?.(room, more);
    for (const listener of listeners) listener(room);
  }

  const put = (room: ListedRoom) => {
    rooms.value = applyToList(rooms.value, room);
  };

  /** Marks the room read up to `seq` (its latest when not given); resolves with the error in words, or null. */
  async function markRead(roomId: string, seq?: number): Promise<string | null> {
    const result = await client.mutation(MarkRoomReadDocument, { roomId, seq }).toPromise();
    if (result.data) put(result.data.markRoomRead);
    return result.error ? describeError(result.error) : null;
  }

  /** Calls `listener` with each room the list hears of (new rooms included); returns the function that stops it. */
  function onRoom(listener: (room: RoomListUpdate) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  watch(options.signedIn, (signedIn) => {
    session += 1;
    rooms.value = [];
    error.value = null;
    stream.listen();
    if (signedIn) void load();
  });
  if (options.signedIn()) void load();

  return {
    rooms,
    error,
    state: stream.state,
    totals: computed(() => totals(rooms.value)),
    byId: (roomId: string) => rooms.value.find((room) => room.id === roomId),
    load,
    markRead,
    onRoom,
  };
}

export type RoomList = ReturnType<typeof useRoomList>;

export const roomListKey: InjectionKey<RoomList> = Symbol("room list");

/** The app's room list (App.vue provides it); a component outside the app (a test) may have none. */
export function injectRoomList(): RoomList | null {
  return inject(roomListKey, null);
}
