import { describe, expect, it } from "vitest";
import { FakeTransport } from "../testing/fake-transport.ts";
import { ALICE } from "../testing/fixtures.ts";
import { useRoomSearch } from "./useRoomSearch.ts";

/** A page of hits for seqs, best first; `more`: another page follows. */
function page(seqs: number[], more: boolean) {
  return {
    data: {
      room: {
        id: "r1",
        search: {
          edges: seqs.map((seq) => ({
            node: {
              rank: 1 / seq,
              excerpt: [
                { text: "about ", matched: false },
                { text: "lunch", matched: true },
              ],
              message: { id: `m${seq}`, seq, createdAt: "2026-11-21T09:00:00Z", author: ALICE },
            },
          })),
          pageInfo: { hasNextPage: more, endCursor: more ? `after-${seqs.at(-1)}` : null },
        },
      },
    },
  };
}

describe("useRoomSearch", () => {
  it("searches the trimmed query, then pages after the last hit", async () => {
    const fake = new FakeTransport((_operation, variables) =>
      variables["after"] ? page([3], false) : page([9, 5], true),
    );
    const search = useRoomSearch("r1", fake.transport);
    await search.search("  lunch ");
    expect(fake.calls.at(-1)?.variables).toMatchObject({ roomId: "r1", query: "lunch", after: null });
    expect(search.hits.value.map((hit) => hit.id)).toEqual(["m9", "m5"]);
    expect(search.hasMore.value).toBe(true);
    await search.loadMore();
    expect(fake.calls.at(-1)?.variables).toMatchObject({ query: "lunch", after: "after-5" });
    expect(search.hits.value.map((hit) => hit.message.seq)).toEqual([9, 5, 3]);
    expect(search.empty.value).toBe(false);
  });

  it("says why an empty or too long query is not sent", async () => {
    const fake = new FakeTransport(() => page([], false));
    const search = useRoomSearch("r1", fake.transport);
    await search.search("   ");
    expect(search.error.value).toBe("Type something to search for.");
    await search.search("x".repeat(201));
    expect(search.error.value).toBe("A search can be at most 200 characters.");
    expect(fake.calls).toEqual([]);
    await search.search("nothing");
    expect(search.error.value).toBeNull();
    expect(search.empty.value).toBe(true);
  });
});
