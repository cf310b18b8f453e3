import { ref, shallowRef } from "vue";
import {
  RoomPolicyDocument,
  type RoomPolicyInput,
  type RoomSettingsFragment,
  UpdateRoomPolicyDocument,
} from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";

export type RoomSettings = RoomSettingsFragment;

/**
 * A room's moderation settings. The API shows the policy only to the room's
 * creator and moderators, which is also who may change it: `canManage`.
 */
export function useRoomPolicy(roomId: string, transport?: ChatTransport) {
  const { client } = transport ?? useTransport();
  const settings = shallowRef<RoomSettings | null>(null);
  const canManage = ref(false);
  const saving = ref(false);

  async function load(): Promise<void> {
    const result = await client
      .query(RoomPolicyDocument, { roomId })
      .toPromise()
      .catch(() => null);
    const room = result?.data?.room ?? null;
    settings.value = room;
    canManage.value = room?.policy != null;
  }

  /** Returns an error in words, or null once saved. */
  async function save(input: RoomPolicyInput): Promise<string | null> {
    saving.value = true;
    const result = await client
      .mutation(UpdateRoomPolicyDocument, { roomId, input })
      .toPromise()
      .catch(() => null);
    saving.value = false;
    const room = result?.data?.updateRoomPolicy;
    if (!room) return describeError(result?.error);
    settings.value = room;
    return null;
  }

  void load();
  return { settings, canManage, saving, load, save };
}

/** Terms typed one per line or separated by commas, trimmed, once each. */
export function parseTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[\n,]/)) {
    const term = raw.trim();
    if (term) seen.add(term);
  }
  return [...seen];
}
