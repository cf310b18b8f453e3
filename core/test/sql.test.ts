import { describe, expect, it } from "vitest";
import { Prisma } from "../src/db.ts";
import { authorJson } from "../src/message-json.ts";
import { sql, violatesUnique } from "../src/sql.ts";

describe("sql", () => {
  it("turns each interpolated value into a numbered parameter, in order", () => {
    const ids = ["a", "b"];
    const statement = sql`SELECT * FROM "Message" WHERE id = ANY(${ids}::uuid[]) AND seq > ${3} AND text <> ${"x"}`;
    expect(statement.text).toBe(`SELECT * FROM "Message" WHERE id = ANY($1::uuid[]) AND seq > $2 AND text <> $3`);
    expect(statement.values).toEqual([ids, 3, "x"]);
  });

  it("inlines a fragment without parameters as SQL, and refuses one with parameters", () => {
    const statement = sql`SELECT ${authorJson("author")} FROM "User" author WHERE id = ${"u1"}`;
    expect(statement.text).toBe(
      `SELECT json_build_object('id', author.id, 'username', author.username, 'role', author.role, 'createdAt', author."createdAt") FROM "User" author WHERE id = $1`,
    );
    expect(statement.values).toEqual(["u1"]);
    expect(() => sql`SELECT ${Prisma.sql`${1}`}`).toThrow(/nested SQL fragment with parameters/);
  });
});

describe("violatesUnique", () => {
  it("matches node-postgres's unique violation on the named index only", () => {
    const error = Object.assign(new Error("duplicate key"), {
      code: "23505",
      constraint: "Message_authorId_clientId_key",
    });
    expect(violatesUnique(error, "Message_authorId_clientId_key")).toBe(true);
    expect(violatesUnique(error, "Message_roomId_seq_key")).toBe(false);
    expect(violatesUnique(Object.assign(new Error("other"), { code: "23503" }), "Message_authorId_clientId_key")).toBe(
      false,
    );
    expect(violatesUnique(null, "Message_authorId_clientId_key")).toBe(false);
  });
});
