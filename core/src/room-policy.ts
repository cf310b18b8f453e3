import { z } from "zod";

/**
 * A room's automatic moderation settings as stored in Room.policy: the API
 * validates them on the way in, the worker reads them and merges them over its
 * defaults (an unset threshold is the default). Both read them here.
 */
const severity = z.enum(["mild", "moderate", "severe"]);
const term = z.string().trim().min(1).max(50);
const threshold = {
  flagSeverity: severity,
  rejectSeverity: z.union([severity, z.literal("never")]),
  hostileComparative: z.number().min(-5).max(0),
  sentimentFlagScore: z.number().int().min(-100).max(0).nullable(),
};

export const roomPolicySchema = z.object({
  thresholds: z
    .object({
      flagSeverity: threshold.flagSeverity.optional(),
      rejectSeverity: threshold.rejectSeverity.optional(),
      hostileComparative: threshold.hostileComparative.optional(),
      sentimentFlagScore: threshold.sentimentFlagScore.optional(),
    })
    .default({}),
  blockedTerms: z.array(term).max(200).default([]),
  allowedTerms: z.array(term).max(200).default([]),
});

export type RoomPolicy = z.output<typeof roomPolicySchema>;

/** The readable entries of a stored list of terms; none when it is not a list. */
const storedTerms = z
  .array(z.unknown())
  .transform((terms) => terms.flatMap((stored) => term.safeParse(stored).data ?? []))
  .catch([]);

/**
 * Stored policies were validated on write, so anything unreadable is old or
 * hand-edited data: it reads as the default key by key rather than failing,
 * because a message must still be moderated, and the defaults are the safe choice.
 */
const storedSchema = z
  .object({
    thresholds: z
      .object({
        flagSeverity: threshold.flagSeverity.optional().catch(undefined),
        rejectSeverity: threshold.rejectSeverity.optional().catch(undefined),
        hostileComparative: threshold.hostileComparative.optional().catch(undefined),
        sentimentFlagScore: threshold.sentimentFlagScore.optional().catch(undefined),
      })
      .catch({}),
    blockedTerms: storedTerms,
    allowedTerms: storedTerms,
  })
  .catch({ thresholds: {}, blockedTerms: [], allowedTerms: [] });

export function storedRoomPolicy(stored: unknown): RoomPolicy {
  return storedSchema.parse(stored ?? {});
}
