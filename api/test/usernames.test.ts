import { describe, expect, it } from "vitest";
import { usernameKey } from "../src/auth/usernames.ts";

describe("username keys", () => {
  it("are one for names that differ only in case or in compatibility forms", () => {
    expect(usernameKey("Alice")).toBe("alice");
    expect(usernameKey("ALICE")).toBe(usernameKey("alice"));
    expect(usernameKey("ＡＬＩＣＥ")).toBe("alice");
    expect(usernameKey("ÉLAN")).toBe(usernameKey("e\u0301lan"));
  });

  it("keep names apart that differ otherwise", () => {
    expect(usernameKey("alice.")).not.toBe(usernameKey("alice"));
    expect(usernameKey("al1ce")).not.toBe(usernameKey("alice"));
  });
});
