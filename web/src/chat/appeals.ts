import type { AppealState } from "./timeline.ts";

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** What became of an appeal, as its author reads it beside what they appealed. */
export function appealWords(appeal: Pick<AppealState, "status" | "decisionNote">): string {
  if (appeal.status === "OPEN") return "Appeal sent: a moderator will answer.";
  const outcome = appeal.status === "ACCEPTED" ? "Your appeal was accepted" : "Your appeal was denied";
  const note = appeal.decisionNote.trim();
  return note ? `${outcome}: ${sentence(note)}` : `${outcome}.`;
}
