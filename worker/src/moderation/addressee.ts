// How chat messages say a word of the person they talk to: one pattern for every rule that asks.

/** "you", "u", "ya", "y'all": the person addressed. */
export const ADDRESSEE = "(?:you|u|ya|yall|y'all)";

/** "you are", "you're", "u r", "ur": the person addressed is (not "your": whose awful day is the day's). */
export const ADDRESSEE_IS = `${ADDRESSEE}(?:\\s+(?:are|r|were)|\\s*'re)|youre|ur|ure`;
