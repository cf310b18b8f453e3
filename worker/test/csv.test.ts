import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvRecords } from "../src/moderation/csv.ts";

describe("parseCsv", () => {
  it("reads quoted fields with commas, newlines and doubled quotes", () => {
    const text =
      'label,class,text\nflag,offensive,"a, b"\nclean,neither,"line one\nline two"\r\nflag,hate,"she said ""hi"""\n';
    expect(parseCsv(text)).toEqual([
      ["label", "class", "text"],
      ["flag", "offensive", "a, b"],
      ["clean", "neither", "line one\nline two"],
      ["flag", "hate", 'she said "hi"'],
    ]);
  });

  it("keeps empty fields and a last row without a newline", () => {
    expect(parseCsv('a,,c\n"",x,')).toEqual([
      ["a", "", "c"],
      ["", "x", ""],
    ]);
  });

  it("maps rows to the header's names", () => {
    expect(parseCsvRecords("\ufefflabel,text\nclean,hello")).toEqual([{ label: "clean", text: "hello" }]);
  });
});
