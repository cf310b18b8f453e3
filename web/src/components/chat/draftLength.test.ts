import { describe, expect, it } from "vitest";
import { draftLength } from "./draftLength.ts";

describe("draftLength", () => {
  it("counts as the API does, and speaks up only near the 2,000 limit", () => {
    expect(draftLength("  \n ")).toEqual({ empty: true, over: false, counter: "" });
    expect(draftLength("hello")).toEqual({ empty: false, over: false, counter: "" });
    expect(draftLength(`${"x".repeat(1_990)}  `)).toEqual({ empty: false, over: false, counter: "10 characters left" });
    expect(draftLength("😀".repeat(2_001))).toEqual({
      empty: false,
      over: true,
      counter: "1 character over the 2,000 limit",
    });
  });
});
