import { describe, expect, it } from "vitest";
import { reasonsInWords } from "./reasons.ts";

describe("reasonsInWords", () => {
  it("joins the reasons in one sentence", () => {
    expect(reasonsInWords(["an insult aimed at someone"])).toBe("An insult aimed at someone.");
    expect(reasonsInWords(["a threat of violence", "an insult aimed at someone", "harassment of another person"])).toBe(
      "A threat of violence, an insult aimed at someone and harassment of another person.",
    );
    expect(reasonsInWords([])).toBeNull();
  });
});
