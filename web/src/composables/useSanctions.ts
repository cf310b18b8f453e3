import { inject, ref } from "vue";
import {
  BanMemberDocument,
  LiftSanctionDocument,
  type SanctionKind,
  SuspendAccountDocument,
  TimeOutMemberDocument,
} from "../gql/graphql.ts";
import { type ChatTransport, transportKey } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import type { SanctionRecord } from "../moderation/sanctions.ts";

export type SanctionRequest = {
  kind: SanctionKind;
  userId: string;
  /** The room of a timeout or a ban; none for a suspension. */
  roomId: string | null;
  /** Minutes from now; null for no end (bans and suspensions only). */
  minutes: number | null;
  reason: string;
};

/** The sanction as the API answers it, or the API's refusal in words. */
export type SanctionOutcome = { sanction: SanctionRecord; error: null } | { sanction: null; error: string };

/**
 * Timing out, banning, suspending and lifting: one request each, answered with the
 * sanction as stored. The API checks who may (moderators; admins for suspensions).
 * Without a transport (a component shown outside the app) every action answers
 * that the server cannot be reached, so the buttons can sit anywhere.
 */
export function useSanctions(transport?: ChatTransport) {
  const provided = transport ?? inject(transportKey, null);
  const busy = ref(false);

  async function run(
    request: Promise<{ sanction: SanctionRecord | undefined; error: Parameters<typeof describeError>[0] }>,
  ): Promise<SanctionOutcome> {
    busy.value = true;
    const answer = await request.catch(() => ({ sanction: undefined, error: undefined }));
    busy.value = false;
    return answer.sanction
      ? { sanction: answer.sanction, error: null }
      : { sanction: null, error: describeError(answer.error) };
  }

  function impose({ kind, userId, roomId, minutes, reason }: SanctionRequest): Promise<SanctionOutcome> {
    if (!provided) return Promise.resolve(unreachable());
    const { client } = provided;
    const text = reason.trim();
    if (kind === "SUSPENSION")
      return run(
        client
          .mutation(SuspendAccountDocument, { input: { userId, minutes, reason: text } })
          .toPromise()
          .then((result) => ({ sanction: result.data?.suspendAccount, error: result.error })),
      );
    if (kind === "BAN")
      return run(
        client
          .mutation(BanMemberDocument, { input: { userId, roomId: roomId ?? "", minutes, reason: text } })
          .toPromise()
          .then((result) => ({ sanction: result.data?.banMember, error: result.error })),
      );
    return run(
      client
        .mutation(TimeOutMemberDocument, {
          input: { userId, roomId: roomId ?? "", minutes: minutes ?? 0, reason: text },
        })
        .toPromise()
        .then((result) => ({ sanction: result.data?.timeOutMember, error: result.error })),
    );
  }

  function lift(sanctionId: string, reason: string): Promise<SanctionOutcome> {
    if (!provided) return Promise.resolve(unreachable());
    return run(
      provided.client
        .mutation(LiftSanctionDocument, { sanctionId, reason: reason.trim() })
        .toPromise()
        .then((result) => ({ sanction: result.data?.liftSanction, error: result.error })),
    );
  }

  const unreachable = (): SanctionOutcome => ({
    sanction: null,
    error: "Can't reach the server. Check your connection and try again.",
  });

  return { busy, impose, lift };
}
