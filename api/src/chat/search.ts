import { Prisma } from "@chatmod/core/db";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";
import { badInput } from "../errors.ts";

/** Search limits: part of the API contract, listed in the README. */
export const searchLimits = { queryChars: 200, pageSize: 50 } as const;

/** Where the next page starts: the last hit's rank and seq (ties on rank go newest first). */
export type SearchAfter = { rank: number; seq: number };
export type SearchRow = { id: string; seq: number; rank: number; headline: string };

/** A search query as typed: trimmed, 1 to 200 characters. */
export function searchQuery(raw: string): string {
  const query = raw.trim();
  if (query.length === 0) throw badInput("query", "Type something to search for.");
  if ([...query].length > searchLimits.queryChars)
    throw badInput("query", `A search can be at most ${searchLimits.queryChars} characters.`);
  return query;
}

// Private-use characters mark the matched words in ts_headline's answer; the text's own are replaced first,
// so a message cannot forge a mark. The web app renders the split fragments as text, never as HTML.
const START = "\uE000";
const STOP = "\uE001";

/**
 * One page of a room's messages matching `query` (websearch_to_tsquery: words, "a phrase", -not, or),
 * ranked by ts_rank, ties newest first. The match uses the same expression as the GIN index on
 * Message (migration replies_and_search), with the 'simple' configuration: no stemming, no stop words,
 * the same for every language in a room. Only what the viewer may read is searched: deleted messages
 * never, and for everyone but moderators not a message hidden from them (moderation/visibility.ts) nor
 * a masked (FLAGGED) one unless it is their own: a match on words they cannot read would reveal them.
 * ts_headline runs on the page's rows only, after the limit.
 */
export function searchStatement(
  roomId: string,
  query: string,
  viewer: Viewer | null,
  after: SearchAfter | null,
  limit: number,
): Prisma.Sql {
  const readable = isModerator(viewer) ? Prisma.sql`TRUE` : readableByMember(viewer?.id ?? null);
  const page = after
    ? Prisma.sql`AND (hit.rank < ${after.rank}::real OR (hit.rank = ${after.rank}::real AND hit.seq < ${after.seq}))`
    : Prisma.empty;
  // The query is a constant of the statement (not a joined row), so the planner matches it against the index.
  const tsquery = Prisma.sql`websearch_to_tsquery('simple', ${query})`;
  return Prisma.sql`
    WITH hit AS (
      SELECT m.id, m.seq, m.text, ts_rank(to_tsvector('simple'::regconfig, m."text"), ${tsquery}) AS rank
      FROM "Message" m
      WHERE m."roomId" = ${roomId}::uuid
        AND to_tsvector('simple'::regconfig, m."text") @@ ${tsquery}
        AND m."deletedAt" IS NULL
        AND ${readable}
    )
    SELECT hit.id, hit.seq, hit.rank,
      ts_headline('simple', translate(hit.text, ${START + STOP}, ${"\uFFFD\uFFFD"}), ${tsquery},
        ${`StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12`}
      ) AS headline
    FROM hit
    WHERE TRUE ${page}
    ORDER BY hit.rank DESC, hit.seq DESC
    LIMIT ${limit}`;
}

/** visibleMessagesWhere's rule for members, in SQL, without the masked messages of others. */
function readableByMember(viewerId: string | null): Prisma.Sql {
  const others = Prisma.sql`(m."moderationStatus" NOT IN ('REJECTED', 'FLAGGED') AND NOT m."heldForReview"
    AND (NOT m."preModerated" OR m."moderationStatus" = 'APPROVED')
    AND (NOT m."heldForVerdict" OR m."moderationStatus" <> 'PENDING'))`;
  return viewerId ? Prisma.sql`(m."authorId" = ${viewerId}::uuid OR ${others})` : others;
}

export type Fragment = { text: string; matched: boolean };

/** ts_headline's answer as fragments of plain text, the matched words marked. */
export function fragments(headline: string): Fragment[] {
  const result: Fragment[] = [];
  for (const [index, part] of headline.split(new RegExp(`[${START}${STOP}]`)).entries())
    if (part !== "") result.push({ text: part, matched: index % 2 === 1 });
  return result;
}
