import type { Database, User } from "@chatmod/core/db";
import { describe, expect, it } from "vitest";
import { createAuthorLoader } from "../src/chat/authors.ts";

/** A database with users `u0`..`u59` that records each `user.findMany`'s ids; queries end once `open` settles. */
function usersTable(open: Promise<unknown> = Promise.resolve()) {
  const queries: string[][] = [];
  const user = (id: string) => ({ id, username: `name of ${id}` }) as User;
  const db = {
    user: {
      findMany: async ({ where }: { where: { id: { in: string[] } } }) => {
        queries.push(where.id.in);
        await open;
        return where.id.in.filter((id) => Number(id.slice(1)) < 60).map(user);
      },
    },
    // The loader uses nothing else.
  } as unknown as Database;
  return { db, queries };
}

describe("the author loader", () => {
  it("loads a page's authors in one query, each id once", async () => {
    const { db, queries } = usersTable();
    const loadAuthor = createAuthorLoader(db);
    const ids = Array.from({ length: 50 }, (_, i) => `u${i % 7}`);
    const authors = await Promise.all(ids.map(loadAuthor));
    expect(authors.map((author) => author.id)).toEqual(ids);
    expect(queries).toHaveLength(1);
    expect([...queries[0]!].sort()).toEqual(["u0", "u1", "u2", "u3", "u4", "u5", "u6"]);
  });

  it("fails only the lookups of a user that does not exist", async () => {
    const { db, queries } = usersTable();
    const loadAuthor = createAuthorLoader(db);
    const [found, missing] = await Promise.allSettled([loadAuthor("u1"), loadAuthor("u99")]);
    expect(found).toMatchObject({ status: "fulfilled", value: { id: "u1" } });
    expect(missing).toMatchObject({ status: "rejected", reason: { message: "user u99 not found" } });
    expect(queries).toHaveLength(1);
  });

  it("keeps nothing past the tick: a later lookup queries again", async () => {
    const { db, queries } = usersTable();
    const loadAuthor = createAuthorLoader(db);
    await loadAuthor("u1");
    await loadAuthor("u1");
    expect(queries).toEqual([["u1"], ["u1"]]);
  });

  it("does not hold a tick's lookups back while an earlier query is still running", async () => {
    let finish = () => {};
    const open = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const { db, queries } = usersTable(open);
    const loadAuthor = createAuthorLoader(db);
    const first = loadAuthor("u1");
    await new Promise((resolve) => setImmediate(resolve));
    const second = loadAuthor("u2");
    await new Promise((resolve) => setImmediate(resolve));
    expect(queries).toEqual([["u1"], ["u2"]]);
    finish();
    expect((await Promise.all([first, second])).map((author) => author.id)).toEqual(["u1", "u2"]);
  });
});
