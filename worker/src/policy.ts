// A room's stored settings -> the ModerationPolicy that moderate() takes.

import { moderationCategories } from "@chatmod/core/moderation-categories";
import { effectiveCategoryThreshold, storedRoomPolicy } from "@chatmod/core/room-policy";
import { defaultThresholds, type ModerationMode, type ModerationPolicy } from "./moderation/policy.ts";

/** Merges a room's `policy` JSON over defaultPolicy; unreadable keys read as their defaults (see storedRoomPolicy). */
export function roomPolicy(stored: unknown, mode: ModerationMode): ModerationPolicy {
  const { thresholds, categoryThresholds, blockedTerms, allowedTerms } = storedRoomPolicy(stored);
  const set = Object.fromEntries(Object.entries(thresholds).filter(([, value]) => value !== undefined));
  return {
    mode: mode === "PRE" ? "PRE" : "POST",
    thresholds: { ...defaultThresholds, ...set },
    categoryThresholds: Object.fromEntries(
      moderationCategories.map((category) => [
        category,
        effectiveCategoryThreshold(category, categoryThresholds[category]),
      ]),
    ) as ModerationPolicy["categoryThresholds"],
    blockedTerms,
    allowedTerms,
  };
}
