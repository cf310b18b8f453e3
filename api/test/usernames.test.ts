import { describe, expect, it } from "vitest";
import { usernameKey } from "../src/auth/usernames.ts";

describe("username keys", () => {
  it("are one for names that differ only in case or in compatibility forms", () => {
    expect(usernameKey("Bob")).toBe("bob");
    expect(usernameKey("ALICE")).toBe(usernameKey("alice"));
    expect(usernameKey("ＡＬＩＣＥ")).toBe(usernameKey("alice"));
    expect(usernameKey("ÉLAN")).toBe(usernameKey("e\u0301lan"));
  });

  it("are one for names that only look alike", () => {
    for (const lookalike of ["aIice", "al1ce", "a1ice", "ALlCE"])
      expect(usernameKey(lookalike)).toBe(usernameKey("alice"));
    expect(usernameKey("b0b")).toBe(usernameKey("bob"));
    expect(usernameKey("rnark")).toBe(usernameKey("mark"));
    expect(usernameKey("vvendy")).toBe(usernameKey("wendy"));
  });

  it("keep names apart that differ otherwise", () => {
    expect(usernameKey("alice.")).not.toBe(usernameKey("alice"));
    expect(usernameKey("alex")).not.toBe(usernameKey("alice"));
    expect(usernameKey("bob_smith")).not.toBe(usernameKey("bob-smith"));
  });
});
