import Sentiment from "sentiment";
import { describe, expect, it } from "vitest";
import { devSetPath, readLabelledCsv } from "../src/moderation/evaluation.ts";
import { analyzeSentiment } from "../src/moderation/sentiment.ts";

// sentiment.ts scores with the package's own tokenizer, word scores and negators in a loop of its
// own: this holds it to the package's analyze(), message by message, so an upgrade that moves them shows.
describe("sentiment", () => {
  const analyzer = new Sentiment();

  it("scores every message of the development set as the sentiment package does", () => {
    const texts = [
      ...readLabelledCsv(devSetPath).map((message) => message.text),
      "this is not good at all 😡",
      "I don't hate you, I love you ❤️",
      "",
    ];
    const differing = texts.filter((text) => {
      const ours = analyzeSentiment(text);
      const theirs = analyzer.analyze(text);
      return (
        ours.summary.score !== theirs.score ||
        ours.summary.comparative !== theirs.comparative ||
        ours.summary.negativeWords.join(" ") !== theirs.negative.toReversed().join(" ") ||
        ours.tokenCount !== theirs.tokens.length
      );
    });
    expect(differing).toEqual([]);
  });
});
