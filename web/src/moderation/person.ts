// A person's moderation record in words: report categories and outcomes, and
// what their reports weigh. Plain functions, tested without a server.
import type { ReportCategory, ReportOutcome, ReportRecordFragment } from "../gql/graphql.ts";

export type ReportRecord = ReportRecordFragment;

export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  SPAM: "Spam",
  HARASSMENT: "Harassment",
  HATE: "Hate",
  SEXUAL_CONTENT: "Sexual content",
  SELF_HARM: "Self-harm",
  OTHER: "Other",
};

/** How a moderator's decision settled a report; null while none has. */
export function outcomeInWords(outcome: ReportOutcome | null | undefined): string {
  if (outcome === "UPHELD") return "Upheld: the message was removed";
  if (outcome === "DISMISSED") return "Dismissed: the message was kept";
  return "Not reviewed yet";
}

/** A report's weight as moderators read it ("0.75"). */
export const formatWeight = (weight: number) => weight.toFixed(2);

/** What their reports count for now, in a sentence. */
export function reportWeightInWords(weight: number): string {
  if (weight >= 1) return "Their reports count in full.";
  return `Their reports count ${formatWeight(weight)} each: earlier reports of theirs were dismissed.`;
}

/** Reports of theirs by outcome, for the section's summary line ("3 reports: 1 upheld, 2 dismissed"). */
export function reportSummary(reports: readonly Pick<ReportRecord, "outcome">[]): string {
  if (reports.length === 0) return "None";
  const upheld = reports.filter((report) => report.outcome === "UPHELD").length;
  const dismissed = reports.filter((report) => report.outcome === "DISMISSED").length;
  const open = reports.length - upheld - dismissed;
  const parts = [
    upheld > 0 ? `${upheld} upheld` : "",
    dismissed > 0 ? `${dismissed} dismissed` : "",
    open > 0 ? `${open} not reviewed` : "",
  ].filter(Boolean);
  return `${reports.length === 1 ? "1 report" : `${reports.length} reports`}: ${parts.join(", ")}`;
}
