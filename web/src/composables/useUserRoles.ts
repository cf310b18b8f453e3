import { getCurrentScope, onScopeDispose, ref, shallowRef, watch } from "vue";
import { type Role, SetUserRoleDocument, UsersDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { type Person, replacePerson } from "../moderation/roles.ts";

export const PEOPLE_PAGE = 30;

/**
 * Accounts by username, searched as one types (a short pause first), and role
 * changes (admins only: the API refuses anyone else). Errors are kept per person.
 */
export function useUserRoles(options: { transport?: ChatTransport; debounceMs?: number } = {}) {
  const { client } = options.transport ?? useTransport();
  const search = ref("");
  const people = shallowRef<Person[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const hasMore = ref(false);
  const busy = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, string>>({});
  /** The last change, in words, for a polite announcement. */
  const announcement = ref("");
  let cursor: string | null = null;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load(more = false): Promise<void> {
    const mine = more ? generation : ++generation;
    loading.value = true;
    const result = await client
      .query(UsersDocument, { search: search.value.trim() || null, first: PEOPLE_PAGE, after: more ? cursor : null })
      .toPromise()
      .catch(() => null);
    if (mine !== generation) return;
    loading.value = false;
    const page = result?.data?.users;
    if (!page) {
      error.value = describeError(result?.error);
      return;
    }
    error.value = null;
    const nodes = page.edges.map((edge) => edge.node);
    people.value = more ? [...people.value, ...nodes.filter((n) => !people.value.some((p) => p.id === n.id))] : nodes;
    hasMore.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  async function setRole(person: Person, role: Role): Promise<boolean> {
    busy.value = { ...busy.value, [person.id]: true };
    const { [person.id]: _previous, ...others } = errors.value;
    errors.value = others;
    const result = await client
      .mutation(SetUserRoleDocument, { userId: person.id, role })
      .toPromise()
      .catch(() => null);
    busy.value = { ...busy.value, [person.id]: false };
    const updated = result?.data?.setUserRole;
    if (!updated) {
      errors.value = { ...errors.value, [person.id]: describeError(result?.error) };
      return false;
    }
    people.value = replacePerson(people.value, updated);
    announcement.value =
      updated.role === "MODERATOR" ? `${updated.username} is now a moderator.` : `${updated.username} is now a member.`;
    return true;
  }

  watch(search, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), options.debounceMs ?? 250);
  });
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  void load();

  return {
    search,
    people,
    loading,
    error,
    hasMore,
    busy,
    errors,
    announcement,
    refresh: () => load(),
    loadMore: () => load(true),
    setRole,
  };
}
