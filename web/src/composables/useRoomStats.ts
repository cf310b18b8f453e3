import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { RoomStatsDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import type { RoomFigures } from "../moderation/stats.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";

/** At most this many rooms are measured at once (one request each). */
export const STATS_ROOMS = 25;

export type RoomStatsOptions = { transport?: ChatTransport; events?: ModerationEvents | null };

/**
 * Figures for some rooms, by room id, refreshed (quietly, at most about once a
 * second) when the moderation stream reports activity in one of them.
 */
export function useRoomStats(roomIds: MaybeRefOrGetter<readonly string[]>, options: RoomStatsOptions = {}) {
  const { client } = options.transport ?? useTransport();
  const stats = shallowRef<Record<string, RoomFigures>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stale = new Set<string>();

  async function load(ids: readonly string[], quiet: boolean): Promise<void> {
    const mine = ++generation;
    if (!quiet) loading.value = true;
    const results = await Promise.all(
      ids.slice(0, STATS_ROOMS).map(async (roomId) => {
        const result = await client
          .query(RoomStatsDocument, { roomId })
          .toPromise()
          .catch(() => null);
        return {
          roomId,
          figures: result?.data?.roomStats ?? null,
          error: result?.data ? null : describeError(result?.error),
        };
      }),
    );
    if (mine !== generation) return;
    loading.value = false;
    const next = quiet ? { ...stats.value } : {};
    for (const result of results) if (result.figures) next[result.roomId] = result.figures;
    stats.value = next;
    error.value = results.find((result) => result.error)?.error ?? null;
  }

  const refresh = (quiet = false) => load(toValue(roomIds), quiet);

  options.events?.onEvent((event) => {
    if (!toValue(roomIds).includes(event.message.roomId)) return;
    stale.add(event.message.roomId);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const ids = [...stale];
      stale.clear();
      void load(ids, true);
    }, 800);
  });
  options.events?.onResume(() => void refresh(true));
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  watch(
    () => toValue(roomIds).join(","),
    () => void refresh(),
    { immediate: true },
  );

  return { stats, loading, error, refresh };
}
