import type { Database } from "@chatmod/core/db";

/** How many of a reporter's latest settled reports their weight looks at. */
const HISTORY = 50;
/** However often dismissed, a report still counts this much: a reporter can be right again. */
const FLOOR = 0.2;

/**
 * What one report of this member counts toward a room's threshold: 1 for a
 * new reporter, less as moderators dismiss their reports, back toward 1 as they
 * uphold them. (upheld + 1) / (upheld + dismissed + 1) over their latest settled
 * reports: three dismissed and none upheld make 0.25.
 */
export function weightOf(upheld: number, dismissed: number): number {
  return Math.max(FLOOR, (upheld + 1) / (upheld + dismissed + 1));
}

export async function reporterWeight(db: Database, reporterId: string): Promise<number> {
  const settled = await db.report.findMany({
    where: { reporterId, outcome: { not: null } },
    orderBy: { createdAt: "desc" },
    take: HISTORY,
    select: { outcome: true },
  });
  const upheld = settled.filter((report) => report.outcome === "UPHELD").length;
  return weightOf(upheld, settled.length - upheld);
}
