// The author loader against the real Postgres: one query per tick, nothing kept past it.

import { createAuthorLoader } from "@chatmod/api/chat/authors";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { recordStatementsForFile } from "../helpers/sql-statements.ts";
import { signUp } from "../helpers/stack.ts";
import { waitFor } from "../helpers/wait.ts";

const api = apiForFile();
const statements = recordStatementsForFile();
/** The loader's reads of users, among everything this process sends. */
const userReads = () => statements.filter((text) => /FROM "public"\."User"/.test(text)).length;

let ids: string[] = [];
beforeAll(async () => {
  const people = await Promise.all(Array.from({ length: 7 }, () => signUp(api.client)));
  ids = people.map((person) => person.user.id);
});

describe("the author loader", () => {
  it("loads a page's authors in one query, each once", async () => {
    const loadAuthor = createAuthorLoader(api.app.services.db);
    const page = Array.from({ length: 50 }, (_, i) => ids[i % ids.length]!);
    const before = userReads();
    const authors = await Promise.all(page.map(loadAuthor));
    expect(authors.map((author) => author.id)).toEqual(page);
    expect(userReads() - before).toBe(1);
  });

  it("fails only the lookups of a user that does not exist", async () => {
    const loadAuthor = createAuthorLoader(api.app.services.db);
    const before = userReads();
    const [found, missing] = await Promise.allSettled([
      loadAuthor(ids[0]!),
      loadAuthor("00000000-0000-4000-8000-000000000000"),
    ]);
    expect(found).toMatchObject({ status: "fulfilled", value: { id: ids[0] } });
    expect(missing).toMatchObject({ status: "rejected", reason: { message: expect.stringContaining("not found") } });
    expect(userReads() - before).toBe(1);
  });

  it("keeps nothing past the tick: a later lookup reads again", async () => {
    const loadAuthor = createAuthorLoader(api.app.services.db);
    const before = userReads();
    await loadAuthor(ids[1]!);
    await loadAuthor(ids[1]!);
    expect(userReads() - before).toBe(2);
  });

  it("does not hold a tick's lookups back while an earlier query waits", async () => {
    // Another session locks the users table: the first read waits on Postgres, not on the loader.
    const locker = new pg.Client({ connectionString: api.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query(`BEGIN; LOCK TABLE "User" IN ACCESS EXCLUSIVE MODE`);
      const loadAuthor = createAuthorLoader(api.app.services.db);
      const before = userReads();
      const first = loadAuthor(ids[2]!);
      await waitFor("the first read sent", () => userReads() - before === 1);
      const second = loadAuthor(ids[3]!);
      await waitFor("the second read sent while the first waits", () => userReads() - before === 2);
      await locker.query("COMMIT");
      expect((await Promise.all([first, second])).map((author) => author.id)).toEqual([ids[2], ids[3]]);
    } finally {
      await locker.end();
    }
  });
});
