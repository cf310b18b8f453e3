import type { Client } from "@urql/core";
import { ref, shallowRef, watch } from "vue";
import { describeRefusal } from "../chat/sanction.ts";
import type { AppealState } from "../chat/timeline.ts";
import { AppealSanctionDocument, MyAppealsDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { errorCode } from "../graphql/errors.ts";
import { APPEAL_MAX_CHARS } from "./useMessageActions.ts";

/**
 * The viewer's appeal against a message's removal or a sanction, as it stands now
 * (after a notice that it was decided, say); null when there is none, or no answer.
 */
export async function readAppeal(
  client: Client,
  about: { messageId: string } | { sanctionId: string },
): Promise<AppealState | null> {
  const result = await client.query(MyAppealsDocument, {}).toPromise();
  const found = result.data?.appeals.edges.find(({ node }) =>
    "messageId" in about ? node.message?.id === about.messageId : node.sanction?.id === about.sanctionId,
  );
  if (!found) return null;
  const { id, status, decisionNote } = found.node;
  return { id, status, decisionNote };
}

/**
 * Appealing a sanction in force (a timeout, a ban), once: what became of the
 * viewer's appeal against it, read when the sanction is known, and sending one.
 */
export function useSanctionAppeal(sanctionId: () => string | null, transport?: ChatTransport) {
  const { client } = transport ?? useTransport();
  const appeal = shallowRef<AppealState | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    const id = sanctionId();
    if (!id) {
      appeal.value = null;
      return;
    }
    const found = await readAppeal(client, { sanctionId: id });
    if (id === sanctionId()) appeal.value = found;
  }

  /** Resolves true once the appeal is taken (or was already: the API takes one per sanction). */
  async function send(text: string): Promise<boolean> {
    const id = sanctionId();
    const words = text.trim();
    if (!id || !words || [...words].length > APPEAL_MAX_CHARS || busy.value) return false;
    busy.value = true;
    error.value = null;
    const result = await client.mutation(AppealSanctionDocument, { sanctionId: id, text: words }).toPromise();
    busy.value = false;
    if (result.data) {
      appeal.value = result.data.appeal;
      return true;
    }
    if (errorCode(result.error) === "CONFLICT") {
      await load(); // appealed before, from another tab or device
      return true;
    }
    error.value = describeRefusal(result.error);
    return false;
  }

  watch(sanctionId, () => void load(), { immediate: true });

  return { appeal, busy, error, send, reload: load };
}
