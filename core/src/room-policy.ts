import { z } from "zod";
import {
  type CategoryThreshold,
  defaultCategoryThresholds,
  type ModerationCategory,
  moderationCategories,
} from "./moderation-categories.ts";

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

/** A category's score threshold: 0.05 to 1, where 1 means never (scores stay below 1). */
const score = z.number().min(0.05).max(1);
const categoryThreshold = z.object({ flag: score.optional(), reject: score.optional() }).strict();
const categoryThresholds = z
  .partialRecord(z.enum(moderationCategories), categoryThreshold)
  .refine(
    (thresholds) =>
      Object.values(thresholds).every(
        (set) => set?.flag === undefined || set.reject === undefined || set.flag <= set.reject,
      ),
    "a category's flag threshold cannot be above its reject threshold",
  );

/**
 * Automatic escalation: `count` messages of one member flagged or rejected
 * within `windowMinutes` time them out in the room, for the first step's
 * duration; each time it happens again within `repeatWindowHours` of the last
 * automatic timeout, for the next step's (the last step repeats). On by
 * default, with timeouts only: a moderator can lift any of them, and it stops
 * a burst of abuse that nobody is awake to see.
 */
const escalation = z
  .object({
    enabled: z.boolean(),
    count: z.number().int().min(2).max(50),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    timeoutMinutes: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(28 * 24 * 60),
      )
      .min(1)
      .max(5),
    repeatWindowHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24),
  })
  .strict();

export type EscalationPolicy = z.output<typeof escalation>;

export const defaultEscalation: EscalationPolicy = {
  enabled: true,
  count: 3,
  windowMinutes: 10,
  timeoutMinutes: [10, 24 * 60],
  repeatWindowHours: 24,
};

/** The escalation a room's policy puts in force. */
export function effectiveEscalation(policy: RoomPolicy): EscalationPolicy {
  return policy.escalation ?? defaultEscalation;
}

export const roomPolicySchema = z.object({
  thresholds: z
    .object({
      flagSeverity: threshold.flagSeverity.optional(),
      rejectSeverity: threshold.rejectSeverity.optional(),
      hostileComparative: threshold.hostileComparative.optional(),
      sentimentFlagScore: threshold.sentimentFlagScore.optional(),
    })
    .default({}),
  /** Per category, the scores that flag and reject; a value left out is the service's default. */
  categoryThresholds: categoryThresholds.default({}),
  blockedTerms: z.array(term).max(200).default([]),
  allowedTerms: z.array(term).max(200).default([]),
  /** Left out (as stored until a room changes it): the service's default, so a better default reaches every room. */
  escalation: escalation.optional(),
});

export type RoomPolicy = z.output<typeof roomPolicySchema>;

/** The readable entries of a stored list of terms; none when it is not a list. */
const storedTerms = z
  .array(z.unknown())
  .transform((terms) => terms.flatMap((stored) => term.safeParse(stored).data ?? []))
  .catch([]);

/**
 * One stored category's thresholds, each value read on its own. Made once, not in the transform:
 * a zod schema costs far more to make than to use, and much of what making one allocates outlives
 * the young generation's collections. Made per category on every read, a room's policy cost
 * 108 KB, 38 KB of it promoted to the old generation (now 17 and 3 KB). The worker reads one
 * or two per batch, and at 200 msg/s its young-generation pauses reached 45-100 ms about once a
 * second: the tail of send-to-verdict.
 */
const storedCategoryThreshold = z.object({
  flag: score.optional().catch(undefined),
  reject: score.optional().catch(undefined),
});

/** A stored category's thresholds, each read on its own: an unreadable one is the default. */
const storedCategoryThresholds = z
  .record(z.string(), z.unknown())
  .transform((stored) => {
    const read: Partial<Record<ModerationCategory, CategoryThresholdSetting>> = {};
    for (const category of moderationCategories) {
      const set = storedCategoryThreshold.safeParse(stored[category]).data;
      // Only the values that read: an unreadable one is left out, so the default shows through.
      const values = Object.fromEntries(Object.entries(set ?? {}).filter(([, value]) => value !== undefined));
      if (Object.keys(values).length > 0) read[category] = values;
    }
    return read;
  })
  .catch({});

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
    categoryThresholds: storedCategoryThresholds,
    blockedTerms: storedTerms,
    allowedTerms: storedTerms,
    escalation: escalation.optional().catch(undefined),
  })
  .catch({ thresholds: {}, categoryThresholds: {}, blockedTerms: [], allowedTerms: [] });

export function storedRoomPolicy(stored: unknown): RoomPolicy {
  return storedSchema.parse(stored ?? {});
}

/** One category's thresholds as a room's policy sets them: either value may be left to the default. */
export type CategoryThresholdSetting = { flag?: number; reject?: number };

/** A category's thresholds in effect: the room's own values where set, the service's defaults elsewhere. */
export function effectiveCategoryThreshold(
  category: ModerationCategory,
  own: CategoryThresholdSetting | undefined,
): CategoryThreshold {
  return { ...defaultCategoryThresholds[category], ...own };
}
