// How chat messages say a word of the person they talk to: one pattern for every rule that asks.

/** "you", "u", "ya", "y'all": the person addressed. */
export const ADDRESSEE = "(?:you|u|ya|yall|y'all)";

/** "you are", "you're", "u r", "ur": the person addressed is (not "your": whose awful day is the day's). */
export const ADDRESSEE_IS = `${ADDRESSEE}(?:\\s+(?:are|r|were)|\\s*'re)|youre|ur|ure`;

/** Where an order starts: the start of the message or of a clause ("go die", "ok. go die"), not inside a sentence. */
export const CLAUSE_START = "(?:(?<![^.!?,;:\\n\\s]\\s*)(?<![a-z']))";
