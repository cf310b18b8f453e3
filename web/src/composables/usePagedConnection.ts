import type { CombinedError } from "@urql/core";
import { ref, shallowRef } from "vue";
import { describeError } from "../graphql/errors.ts";

/** One page of a list as the API answers it (a GraphQL connection): its items and where the next page starts. */
export type Connection<T> = {
  edges: readonly { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** The answer to one page request: the page, or the error that came instead (and whatever else the caller reads). */
export type PageAnswer<T> = { page: Connection<T> | null | undefined; error?: CombinedError | undefined };

export type PagedConnectionOptions<T, Answer extends PageAnswer<T> = PageAnswer<T>> = {
  /** Fetches the page after `after` (null: the first page). A rejected promise counts as a failed request. */
  fetchPage: (after: string | null) => Promise<Answer>;
  /**
   * How a quiet reload's first page joins the pages already loaded. Without it the
   * fresh page replaces them and paging starts again after it; with it they stay,
   * and so does the cursor after them.
   */
  mergeFirstPage?: (loaded: readonly T[], page: readonly T[]) => T[];
  /** Told of every new list, so the caller keeps what depends on it (a selection) in step. */
  onChange?: (items: readonly T[]) => void;
};

const nodesOf = <T>(page: Connection<T>) => page.edges.map((edge) => edge.node);

/** A further page appended to what is loaded, without the rows already shown (a live event may have added them). */
export function appendPage<T extends { id: string }>(loaded: readonly T[], page: readonly T[]): T[] {
  const known = new Set(loaded.map((item) => item.id));
  return [...loaded, ...page.filter((item) => !known.has(item.id))];
}

/**
 * A list loaded a page at a time after a cursor: the first page (again, on refresh),
 * then further pages on request, with the loading states and the error in words.
 * Answers to an older request (the list was reloaded meanwhile, say for a new filter)
 * are dropped. The caller changes the list between pages through `set` (live events).
 */
export function usePagedConnection<T extends { id: string }, Answer extends PageAnswer<T> = PageAnswer<T>>(
  options: PagedConnectionOptions<T, Answer>,
) {
  const items = shallowRef<T[]>([]);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const hasMore = ref(false);
  let cursor: string | null = null;
  let generation = 0;

  function set(next: T[]): void {
    items.value = next;
    options.onChange?.(next);
  }

  function follow(page: Connection<T>): void {
    hasMore.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  const fetchPage = (after: string | null) => options.fetchPage(after).catch(() => null);

  /** Loads the first page again (a quiet reload keeps the list); resolves with its answer, null if none or late. */
  async function refresh(quiet = false): Promise<Answer | null> {
    const mine = ++generation;
    if (!quiet) {
      loading.value = true;
      set([]);
    }
    const answer = await fetchPage(null);
    if (mine !== generation) return null;
    loading.value = false;
    const page = answer?.page;
    if (!page) {
      error.value = describeError(answer?.error);
      return answer;
    }
    error.value = null;
    const merge = quiet ? options.mergeFirstPage : undefined;
    set(merge ? merge(items.value, nodesOf(page)) : nodesOf(page));
    // A merge keeps the loaded pages, so paging goes on after them (unless none was followed yet).
    if (!merge || !cursor) follow(page);
    return answer;
  }

  async function loadMore(): Promise<void> {
    if (!hasMore.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    const answer = await fetchPage(cursor);
    loadingMore.value = false;
    if (mine !== generation) return;
    const page = answer?.page;
    if (!page) {
      error.value = describeError(answer?.error);
      return;
    }
    error.value = null; // the list is whole again up to here: an earlier failure no longer applies
    set(appendPage(items.value, nodesOf(page)));
    follow(page);
  }

  return { items, loading, loadingMore, error, hasMore, set, refresh, loadMore };
}
