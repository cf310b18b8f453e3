import { describe, expect, it } from "vitest";
import { actionForClose, retryDelay } from "./reconnect.ts";

describe("reconnecting", () => {
  it("signs in again on 4403, resumes at once on 4503, 4504 and 1001, and backs off otherwise", () => {
    expect(actionForClose(4403)).toBe("sign-in-again");
    expect(actionForClose(4503)).toBe("resume-now");
    expect(actionForClose(4504)).toBe("resume-now");
    expect(actionForClose(1001)).toBe("resume-now");
    expect(actionForClose(1006)).toBe("resume-later");
    expect(actionForClose(undefined)).toBe("resume-later");
  });

  it("backs off exponentially, randomised, up to 10 s", () => {
    expect(retryDelay(0, () => 1)).toBe(300);
    expect(retryDelay(0, () => 0)).toBe(150);
    expect(retryDelay(3, () => 1)).toBe(2_400);
    expect(retryDelay(20, () => 1)).toBe(10_000);
  });
});
