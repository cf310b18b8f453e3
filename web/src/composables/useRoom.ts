import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { RoomBySlugDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { type RoomSummary, useRooms } from "./useRooms.ts";

/** One room's summary by slug (for its page), with joining and leaving. */
export function useRoom(slug: MaybeRefOrGetter<string>, transport?: ChatTransport) {
  const chat = transport ?? useTransport();
  const directory = useRooms(chat);
  const room = shallowRef<RoomSummary | null>(null);
  const loading = ref(true);
  const error = ref<string | null>(null);

  /** Quiet reloads (to refresh the counts) keep what is shown if they fail. */
  async function load(quiet = false): Promise<void> {
    if (!quiet) loading.value = true;
    const result = await chat.client.query(RoomBySlugDocument, { slug: toValue(slug) }).toPromise();
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

  watch(
    () => toValue(slug),
    () => load(),
    { immediate: true },
  );
  // Joins and leaves are not room events: refresh the member count now and then.
  const timer = setInterval(() => void load(true), 30_000);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));

  return {
    room,
    loading,
    error,
    reload: () => load(true),
    join: () => change(directory.join),
    leave: () => change(directory.leave),
  };
}
