import { type MaybeRefOrGetter, shallowRef, toValue, watch } from "vue";
import { LatestDecisionDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import type { ReviewMessage } from "../moderation/queue.ts";
import { type DecidedBy, eitherMayDecide } from "../moderation/verdict.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";

/** Look-ups sent at once: a long reported queue asks a few at a time, not fifty in one go. */
const AT_ONCE = 4;

type Decidable = Pick<ReviewMessage, "id" | "moderatedAt" | "moderationStatus">;

/** One version of a message's status: every verdict and every decision sets moderatedAt anew. */
const versionOf = (message: Pick<ReviewMessage, "id" | "moderatedAt">) => `${message.id}@${message.moderatedAt ?? ""}`;

export type ModerationDecidersOptions = { transport?: ChatTransport; events?: ModerationEvents | null };

/**
 * Who set each listed message's status, where either the automatic moderator or a moderator could have
 * (approved, rejected): the message does not say, its newest audit row does. Asked once per version of
 * the status; a live decision says who made it, with no question.
 */
export function useModerationDeciders(
  messages: MaybeRefOrGetter<readonly Decidable[]>,
  options: ModerationDecidersOptions = {},
) {
  const { client } = options.transport ?? useTransport();
  const known = shallowRef<ReadonlyMap<string, DecidedBy>>(new Map());
  const asked = new Set<string>();

  function learn(version: string, decidedBy: DecidedBy): void {
    asked.add(version);
    known.value = new Map(known.value).set(version, decidedBy);
  }

  async function lookUp(message: Decidable): Promise<void> {
    const version = versionOf(message);
    const result = await client
      .query(LatestDecisionDocument, { messageId: message.id })
      .toPromise()
      .catch(() => null);
    const latest = result?.data?.moderationDecisions?.edges?.[0]?.node;
    // Not answered, or already decided again: the next version asks anew.
    if (!latest || latest.toStatus !== message.moderationStatus) asked.delete(version);
    else learn(version, { moderator: latest.moderator ?? null });
  }

  watch(
    () => toValue(messages).filter((message) => eitherMayDecide(message.moderationStatus)),
    async (decidable) => {
      const unasked = decidable.filter((message) => !asked.has(versionOf(message)));
      for (const message of unasked) asked.add(versionOf(message));
      for (let start = 0; start < unasked.length; start += AT_ONCE)
        await Promise.all(unasked.slice(start, start + AT_ONCE).map(lookUp));
    },
    { immediate: true },
  );

  options.events?.onEvent((event) => {
    if (event.kind === "DECISION" && event.decision) learn(versionOf(event.message), { moderator: event.moderator });
  });

  return {
    /** Who set the message's status, or undefined while not known (or not a status a moderator sets). */
    decidedBy: (message: Pick<ReviewMessage, "id" | "moderatedAt">) => known.value.get(versionOf(message)),
  };
}
