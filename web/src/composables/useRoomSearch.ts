import { computed, ref } from "vue";
import { RoomSearchDocument, type RoomSearchQuery } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { usePagedConnection } from "./usePagedConnection.ts";

type SearchNode = NonNullable<RoomSearchQuery["room"]>["search"]["edges"][number]["node"];
/** A search hit as the list shows it: keyed by its message. */
export type SearchHit = SearchNode & { id: string };

/** The API's bounds on a search (Room.search). */
export const SEARCH_MAX_CHARS = 200;
const PAGE_SIZE = 20;

/**
 * A room's search: the hits of the last query searched, best first, a page at a time. The query
 * is sent as typed (the API trims it and refuses an empty or too long one, said in words here).
 */
export function useRoomSearch(roomId: string, transport?: ChatTransport) {
  const { client } = transport ?? useTransport();
  /** The query the hits are for (null before the first search). */
  const searched = ref<string | null>(null);
  const results = usePagedConnection<SearchHit>({
    fetchPage: async (after) => {
      const query = searched.value ?? "";
      const result = await client.query(RoomSearchDocument, { roomId, query, first: PAGE_SIZE, after }).toPromise();
      const page = result.data?.room?.search;
      return {
        page: page && {
          ...page,
          edges: page.edges.map((edge) => ({ node: { ...edge.node, id: edge.node.message.id } })),
        },
        error: result.error,
      };
    },
  });

  async function search(raw: string): Promise<void> {
    const query = raw.trim();
    if (query === "" || [...query].length > SEARCH_MAX_CHARS) {
      searched.value = null;
      results.set([]);
      results.error.value =
        query === "" ? "Type something to search for." : `A search can be at most ${SEARCH_MAX_CHARS} characters.`;
      return;
    }
    searched.value = query;
    await results.refresh();
  }

  return {
    searched,
    hits: results.items,
    loading: results.loading,
    loadingMore: results.loadingMore,
    hasMore: results.hasMore,
    error: results.error,
    /** Whether a search ran and found nothing. */
    empty: computed(() => searched.value !== null && !results.loading.value && results.items.value.length === 0),
    search,
    loadMore: results.loadMore,
  };
}
