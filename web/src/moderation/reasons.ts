/**
 * A verdict's reasons, in the plain words the API gives them ("an insult aimed at someone"), as one
 * sentence: "An insult aimed at someone and a threat of violence." Null when there are none.
 */
export function reasonsInWords(reasons: readonly string[]): string | null {
  if (reasons.length === 0) return null;
  const phrase = reasons.length === 1 ? reasons.join("") : `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}`;
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}
