import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { describeError } from "../graphql/errors.ts";
import { appendPage, type PageAnswer, type PagedConnectionOptions, usePagedConnection } from "./usePagedConnection.ts";

type Row = { id: string };
const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }));
const ids = (items: readonly Row[]) => items.map((item) => item.id);
/** A page of rows; a cursor means there is a next page after it. */
const answer = (items: Row[], endCursor: string | null = null): PageAnswer<Row> => ({
  page: { edges: items.map((node) => ({ node })), pageInfo: { hasNextPage: endCursor !== null, endCursor } },
});
const offline = new CombinedError({ networkError: new Error("offline") });

type Pages = Record<string, () => PageAnswer<Row> | Promise<PageAnswer<Row>>>;

/** A list whose pages the test hands out by cursor ("first" for the first page); an unknown cursor throws. */
function start(pages: Pages, more: Partial<PagedConnectionOptions<Row>> = {}) {
  const asked: string[] = [];
  const changes: string[][] = [];
  const list = usePagedConnection<Row>({
    fetchPage: async (after) => {
      asked.push(after ?? "first");
      const page = pages[after ?? "first"];
      if (!page) throw new Error(`no page after ${after}`);
      return page();
    },
    onChange: (next) => changes.push(ids(next)),
    ...more,
  });
  return { list, asked, changes };
}

describe("usePagedConnection", () => {
  it("loads the first page, then the next after its cursor, without the rows already shown", async () => {
    const { list, asked, changes } = start({
      first: () => answer(rows("a", "b"), "after-b"),
      "after-b": () => answer(rows("b", "c")),
    });
    const loading = list.refresh();
    expect(list.loading.value).toBe(true);
    await loading;
    expect(list.loading.value).toBe(false);
    expect(ids(list.items.value)).toEqual(["a", "b"]);
    expect(list.hasMore.value).toBe(true);

    const more = list.loadMore();
    expect(list.loadingMore.value).toBe(true);
    await more;
    expect(list.loadingMore.value).toBe(false);
    expect(ids(list.items.value)).toEqual(["a", "b", "c"]);
    expect(list.hasMore.value).toBe(false);
    await list.loadMore(); // nothing further: no request
    expect(asked).toEqual(["first", "after-b"]);
    // The caller hears of every list, the emptied one of a full reload too.
    expect(changes).toEqual([[], ["a", "b"], ["a", "b", "c"]]);
  });

  it("drops the answer to an older request when the list was reloaded meanwhile", async () => {
    let answerOld: (page: PageAnswer<Row>) => void = () => {};
    let first: Pages["first"] = () =>
      new Promise((resolve) => {
        answerOld = resolve;
      });
    const { list } = start({ first: () => first() });
    const old = list.refresh();
    first = () => answer(rows("new"));
    await list.refresh();
    answerOld(answer(rows("old"), "after-old"));
    await old;
    expect(ids(list.items.value)).toEqual(["new"]);
    expect(list.hasMore.value).toBe(false);
  });

  it("says what went wrong in words; a failed quiet reload or further page keeps the list", async () => {
    let fail = false;
    const { list } = start({
      first: () => (fail ? { page: null, error: offline } : answer(rows("a"), "after-a")),
      "after-a": () => ({ page: null, error: offline }),
    });
    await list.refresh();
    await list.loadMore();
    expect(list.error.value).toBe(describeError(offline));
    expect(ids(list.items.value)).toEqual(["a"]);
    fail = true;
    await list.refresh(true);
    expect(ids(list.items.value)).toEqual(["a"]);
    fail = false;
    await list.refresh(true);
    expect(list.error.value).toBeNull();
  });

  it("forgets the error once a later request succeeds, a further page as well as a reload", async () => {
    let fail = true;
    const { list } = start({
      first: () => answer(rows("a"), "after-a"),
      "after-a": () => (fail ? { page: null, error: offline } : answer(rows("b"))),
    });
    await list.refresh();
    await list.loadMore();
    expect(list.error.value).toBe(describeError(offline));
    fail = false;
    await list.loadMore();
    expect(list.error.value).toBeNull();
    expect(ids(list.items.value)).toEqual(["a", "b"]);
  });

  it("counts a request that throws as failed", async () => {
    const { list } = start({});
    await list.refresh();
    expect(list.loading.value).toBe(false);
    expect(list.error.value).toBe(describeError(undefined));
  });

  it("a quiet reload starts paging again from its first page, unless it merges into the pages loaded", async () => {
    let top = "a";
    const pages: Pages = {
      first: () => answer(rows(top), `after-${top}`),
      "after-a": () => answer(rows("b"), "after-b"),
      "after-z": () => answer(rows("b"), "after-b"),
    };

    const replacing = start(pages);
    await replacing.list.refresh();
    await replacing.list.loadMore();
    top = "z";
    await replacing.list.refresh(true);
    expect(ids(replacing.list.items.value)).toEqual(["z"]);
    await replacing.list.loadMore();
    expect(replacing.asked).toEqual(["first", "after-a", "first", "after-z"]);

    top = "a";
    const merging = start(pages, { mergeFirstPage: (loaded, page) => [...page, ...loaded] });
    await merging.list.refresh();
    await merging.list.loadMore();
    top = "z";
    await merging.list.refresh(true);
    expect(ids(merging.list.items.value)).toEqual(["z", "a", "b"]);
    expect(merging.list.hasMore.value).toBe(true);
    await merging.list.loadMore(); // after the last page loaded, not after the fresh one
    expect(merging.asked.at(-1)).toBe("after-b");
  });
});

describe("appendPage", () => {
  it("adds a further page after what is loaded, leaving out rows already shown", () => {
    const loaded = [{ id: "a" }, { id: "b" }];
    expect(ids(appendPage(loaded, [{ id: "b" }, { id: "c" }]))).toEqual(["a", "b", "c"]);
    expect(appendPage(loaded, [])).toEqual(loaded);
  });
});
