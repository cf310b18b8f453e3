import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import type { ViewerSanction } from "../chat/sanction.ts";
import { RoomBySlugDocument, RoomUpdatesDocument, type RoomUpdatesSubscription } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { useResubscribing } from "./useResubscribing.ts";
import { type RoomPage, useRooms } from "./useRooms.ts";

/** What every watcher of a room is told: its settings and member count, not the viewer's own fields. */
export type RoomUpdate = RoomUpdatesSubscription["roomUpdates"];

/** The room as its page holds it: its sanction may come from a refusal, which names none by id. */
export type RoomState = Omit<RoomPage, "viewerSanction"> & { viewerSanction: ViewerSanction | null };

/**
 * One room by slug (for its page): its summary, slow mode and the viewer's sanction there,
 * with joining and leaving, kept current by `roomUpdates` (a refusal stops them; the page
 * keeps what it read). A sanction learnt otherwise (a refusal, a notice) is noted at once
 * and read again.
 */
export function useRoom(slug: MaybeRefOrGetter<string>, transport?: ChatTransport) {
  const chat = transport ?? useTransport();
  const directory = useRooms(chat);
  const room = shallowRef<RoomState | null>(null);
  const loading = ref(true);
  const error = ref<string | null>(null);

  /** Quiet reloads (to catch up after a reconnect) keep what is shown if they fail. */
  async function load(quiet = false): Promise<void> {
    const asked = toValue(slug);
    if (!quiet) loading.value = true;
    const result = await chat.client.query(RoomBySlugDocument, { slug: asked }).toPromise();
    // The page moved on to another room meanwhile: its own load answers.
    if (asked !== toValue(slug)) return;
    loading.value = false;
    if (quiet && result.error) return;
    error.value = result.error ? describeError(result.error) : null;
    room.value = result.data?.room ?? null;
  }

  async function change(action: (roomId: string) => ReturnType<typeof directory.join>): Promise<boolean> {
    if (!room.value) return false;
    const outcome = await action(room.value.id);
    error.value = outcome.error;
    if (outcome.room) room.value = outcome.room;
    return outcome.room !== null;
  }

  /**
   * A sanction the API named in a refusal (it has no id: the read that follows brings it, to appeal it).
   * A ban has removed the viewer from the room.
   */
  function noteSanction(sanction: ViewerSanction): void {
    if (!room.value || sanction.kind === "SUSPENSION") return;
    const known = room.value.viewerSanction;
    const viewerSanction = { ...sanction, id: sanction.id ?? (known?.kind === sanction.kind ? known.id : null) };
    room.value = { ...room.value, viewerSanction, ...(sanction.kind === "BAN" ? { viewerIsMember: false } : {}) };
    void load(true);
  }

  /** An update carries the shared fields only: the viewer's own (viewerIsMember) and messageCount stay. */
  function apply(update: RoomUpdate): void {
    if (room.value?.id === update.id) room.value = { ...room.value, ...update };
  }

  watch(
    () => toValue(slug),
    () => load(),
    { immediate: true },
  );
  const updates = useResubscribing(
    RoomUpdatesDocument,
    () => (room.value ? { roomId: room.value.id } : null),
    { onData: (data) => apply(data.roomUpdates) },
    { transport: chat },
  );
  watch(() => room.value?.id, updates.listen);
  // Updates are not replayed: whatever changed while the socket was down is read again.
  const unlisten = chat.onConnected(() => void load(true));
  if (getCurrentScope()) onScopeDispose(unlisten);

  return {
    room,
    loading,
    error,
    reload: () => load(true),
    noteSanction,
    join: () => change(directory.join),
    leave: () => change(directory.leave),
  };
}
