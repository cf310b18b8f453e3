import { getCurrentScope, onScopeDispose, ref } from "vue";
import { DecideAppealDocument, OpenAppealsDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { type AppealRecord, NOTE_MAX, withoutAppeal } from "../moderation/appeals.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";
import { usePagedConnection } from "./usePagedConnection.ts";

export const APPEALS_PAGE = 50;

export type AppealsOptions = { transport?: ChatTransport; events?: ModerationEvents | null; pageSize?: number };

/**
 * The open appeals, oldest first. A new appeal (APPEALED) or one answered
 * elsewhere (APPEAL_DECIDED) reloads the list quietly; an answer given here takes
 * the appeal off the list at once. Errors are kept per appeal.
 */
export function useAppealsQueue(options: AppealsOptions = {}) {
  const { client } = options.transport ?? useTransport();
  const pageSize = options.pageSize ?? APPEALS_PAGE;
  const busy = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, string>>({});
  /** The last answer, in words, for the page's status line. */
  const announcement = ref("");
  let timer: ReturnType<typeof setTimeout> | undefined;

  const paged = usePagedConnection<AppealRecord>({
    fetchPage: async (after) => {
      const result = await client.query(OpenAppealsDocument, { first: pageSize, after }).toPromise();
      return { page: result.data?.appeals, error: result.error };
    },
  });

  function setError(id: string, message: string | null): void {
    const { [id]: _previous, ...others } = errors.value;
    errors.value = message ? { ...others, [id]: message } : others;
  }

  /** Accepts or denies an appeal with a note to the person; returns the refusal in words, or null. */
  async function decide(appeal: AppealRecord, accept: boolean, note: string): Promise<string | null> {
    const text = note.trim();
    if (text.length > NOTE_MAX) {
      setError(appeal.id, `A note is at most ${NOTE_MAX} characters.`);
      return errors.value[appeal.id] ?? null;
    }
    busy.value = { ...busy.value, [appeal.id]: true };
    setError(appeal.id, null);
    const result = await client
      .mutation(DecideAppealDocument, { input: { appealId: appeal.id, accept, note: text } })
      .toPromise()
      .catch(() => null);
    busy.value = { ...busy.value, [appeal.id]: false };
    const decided = result?.data?.decideAppeal;
    if (!decided) {
      const message = describeError(result?.error);
      setError(appeal.id, message);
      return message;
    }
    paged.set(withoutAppeal(paged.items.value, appeal.id));
    const what = appeal.message ? "the message is restored" : "the sanction is lifted";
    announcement.value = accept
      ? `Accepted ${appeal.user.username}'s appeal: ${what}.`
      : `Denied ${appeal.user.username}'s appeal.`;
    return null;
  }

  function reloadSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void paged.refresh(true), 250);
  }

  options.events?.onPersonEvent((event) => {
    if (event.kind === "APPEALED" || event.kind === "APPEAL_DECIDED") reloadSoon();
  });
  options.events?.onResume(() => void paged.refresh(true));
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  void paged.refresh();

  return {
    appeals: paged.items,
    loading: paged.loading,
    loadingMore: paged.loadingMore,
    error: paged.error,
    hasMore: paged.hasMore,
    refresh: () => paged.refresh(true),
    loadMore: paged.loadMore,
    busy,
    errors,
    announcement,
    decide,
  };
}
