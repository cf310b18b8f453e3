import { z } from "zod";
import { badInput } from "../errors.ts";

/**
 * A room's automatic moderation settings as stored in Room.policy. The worker
 * merges them over its defaults; here they are validated on the way in.
 */
const severity = z.enum(["mild", "moderate", "severe"]);
const term = z.string().trim().min(1).max(50);

export const roomPolicySchema = z.object({
  thresholds: z
    .object({
      flagSeverity: severity.optional(),
      rejectSeverity: z.union([severity, z.literal("never")]).optional(),
      hostileComparative: z.number().min(-5).max(0).optional(),
      sentimentFlagScore: z.number().int().min(-100).max(0).nullable().optional(),
    })
    .default({}),
  blockedTerms: z.array(term).max(200).default([]),
  allowedTerms: z.array(term).max(200).default([]),
});

export type RoomPolicy = z.output<typeof roomPolicySchema>;

export function parseRoomPolicy(input: unknown): RoomPolicy {
  const result = roomPolicySchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badInput(
      `policy.${issue?.path.join(".") ?? ""}`,
      `Invalid room policy: ${issue?.path.join(".")}: ${issue?.message}`,
    );
  }
  return result.data;
}

/** Stored policies were validated on write; an unreadable one reads as the defaults. */
export function storedRoomPolicy(stored: unknown): RoomPolicy {
  const result = roomPolicySchema.safeParse(stored ?? {});
  return result.success ? result.data : roomPolicySchema.parse({});
}
