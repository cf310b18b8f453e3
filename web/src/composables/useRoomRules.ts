import { ref, shallowRef } from "vue";
import { type RoomPolicyInput, RoomRulesDocument, UpdateRoomRulesDocument } from "../gql/graphql.ts";
import type { ChatTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import type { RoomRules } from "../moderation/room-rules.ts";

/**
 * A room's rules for people (mode, slow mode, automatic timeouts), read and
 * changed by its creator and moderators. `error` says why they could not be read.
 */
export function useRoomRules(roomId: string, transport: ChatTransport) {
  const { client } = transport;
  const rules = shallowRef<RoomRules | null>(null);
  const error = ref<string | null>(null);
  const saving = ref(false);

  async function load(): Promise<void> {
    const result = await client
      .query(RoomRulesDocument, { roomId })
      .toPromise()
      .catch(() => null);
    const room = result?.data?.room ?? null;
    error.value = room ? null : describeError(result?.error);
    rules.value = room;
  }

  /** Returns the API's refusal in words, or null once saved. */
  async function save(input: RoomPolicyInput): Promise<string | null> {
    saving.value = true;
    const result = await client
      .mutation(UpdateRoomRulesDocument, { roomId, input })
      .toPromise()
      .catch(() => null);
    saving.value = false;
    const room = result?.data?.updateRoomPolicy;
    if (!room) return describeError(result?.error);
    rules.value = room;
    return null;
  }

  void load();
  return { rules, error, saving, load, save };
}
