import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { AddModeratorNoteDocument, PersonDocument, type PersonQuery } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";

export type PersonRecord = NonNullable<PersonQuery["person"]>;

export type PersonOptions = { transport?: ChatTransport; events?: ModerationEvents | null };

/** A private note: 1 to 2,000 characters (the API's limit). */
export const NOTE_TEXT_MAX = 2_000;

/**
 * One person's moderation record (moderators only): their moderated messages,
 * reports against them and by them, sanctions, appeals and notes. It reloads
 * quietly when the moderators' stream says something about them changed (a
 * sanction set or lifted, an appeal, a verdict on their message), and after an
 * action taken from the page (`refresh`).
 */
export function usePerson(userId: MaybeRefOrGetter<string>, options: PersonOptions = {}) {
  const { client } = options.transport ?? useTransport();
  const record = shallowRef<PersonRecord | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The API knows nobody by this id. */
  const missing = ref(false);
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load(quiet = false): Promise<void> {
    const mine = ++generation;
    if (!quiet) {
      loading.value = true;
      record.value = null;
    }
    const result = await client
      .query(PersonDocument, { userId: toValue(userId) })
      .toPromise()
      .catch(() => null);
    if (mine !== generation) return;
    loading.value = false;
    if (!result?.data) {
      error.value = describeError(result?.error);
      return;
    }
    error.value = null;
    missing.value = result.data.person === null;
    record.value = result.data.person ?? null;
  }

  /** Several events in a burst (a verdict, then the timeout it set off) make one reload. */
  function reloadSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void load(true), 250);
  }

  /** Adds a private note; returns the API's refusal in words, or null once added (on top of the list). */
  async function addNote(text: string): Promise<string | null> {
    const trimmed = text.trim();
    if (!trimmed) return "Write the note first.";
    if (trimmed.length > NOTE_TEXT_MAX) return `A note is at most ${NOTE_TEXT_MAX} characters.`;
    const result = await client
      .mutation(AddModeratorNoteDocument, { userId: toValue(userId), text: trimmed })
      .toPromise()
      .catch(() => null);
    const note = result?.data?.addModeratorNote;
    if (!note) return describeError(result?.error);
    // A reload already under way may have read the notes before this one: its answer is dropped, and a fresh one follows.
    generation += 1;
    if (record.value) record.value = { ...record.value, notes: [note, ...record.value.notes] };
    reloadSoon();
    return null;
  }

  const concerns = (id: string | null | undefined) => id === toValue(userId);
  options.events?.onPersonEvent((event) => {
    // An appeal event names only the appeal: one of theirs may have changed.
    if (concerns(event.sanction?.user.id) || event.appeal) reloadSoon();
  });
  options.events?.onEvent((event) => {
    if (concerns(event.message.author?.id)) reloadSoon();
  });
  options.events?.onResume(() => void load(true));
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  watch(
    () => toValue(userId),
    () => void load(),
    { immediate: true },
  );

  return { record, loading, error, missing, refresh: () => load(true), addNote };
}
