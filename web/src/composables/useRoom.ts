import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { RoomBySlugDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { type RoomSummary, useRooms } from "./useRooms.ts";
import { type RoomUpdate, useRoomUpdates } from "./useRoomUpdates.ts";

/** One room's summary by slug (for its page), kept current live, with joining and leaving. */
export function useRoom(slug: MaybeRefOrGetter<string>, transport?: ChatTransport) {
  const chat = transport ?? useTransport();
  const directory = useRooms(chat);
  const room = shallowRef<RoomSummary | null>(null);
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

  /** An update carries the shared fields only: the viewer's own (viewerIsMember) and messageCount stay. */
  function apply(update: RoomUpdate): void {
    if (room.value?.id === update.id) room.value = { ...room.value, ...update };
  }

  watch(
    () => toValue(slug),
    () => load(),
    { immediate: true },
  );
  useRoomUpdates(() => room.value?.id ?? null, apply, chat);
  // Updates are not replayed: whatever changed while the socket was down is read again.
  const unlisten = chat.onConnected(() => void load(true));
  if (getCurrentScope()) onScopeDispose(unlisten);

  return {
    room,
    loading,
    error,
    reload: () => load(true),
    join: () => change(directory.join),
    leave: () => change(directory.leave),
  };
}
