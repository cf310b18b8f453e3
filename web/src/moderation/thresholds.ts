// A room's per-category thresholds as the settings form edits them. The API lists every category
// with the values in effect; the form sends only what changed, because a value sent (even one equal
// to the default) becomes the room's own and no longer follows the service's defaults.
import type { CategoryThresholdInput, ModerationCategory, RoomSettingsFragment } from "../gql/graphql.ts";
import { categoryName } from "./categories.ts";

export type CategoryThreshold = NonNullable<RoomSettingsFragment["policy"]>["categoryThresholds"][number];

/** The lowest score a threshold may be; 1 is the highest, and means never (scores stay below 1). */
export const MIN_THRESHOLD = 0.05;
export const THRESHOLD_STEP = 0.05;

/**
 * One category as typed: a number input bound with `v-model.number` holds a number, or the raw
 * text when it is not one (""). `reset` sends null for both, back to the service's defaults.
 */
export type ThresholdDraft = {
  category: ModerationCategory;
  flag: number | string;
  reject: number | string;
  reset: boolean;
};

export type ThresholdField = "flag" | "reject";
export type ThresholdProblem = { category: ModerationCategory; field: ThresholdField; message: string };

export const thresholdDrafts = (rows: readonly CategoryThreshold[]): ThresholdDraft[] =>
  rows.map(({ category, flag, reject }) => ({ category, flag, reject, reset: false }));

/** What to send: per category, null for a reset, else only the values that changed; nothing for the rest. */
export function thresholdChanges(
  rows: readonly CategoryThreshold[],
  drafts: readonly ThresholdDraft[],
): CategoryThresholdInput[] {
  return drafts.flatMap((draft): CategoryThresholdInput[] => {
    const row = rows.find((each) => each.category === draft.category);
    if (draft.reset) return row?.isDefault ? [] : [{ category: draft.category, flag: null, reject: null }];
    const change: CategoryThresholdInput = { category: draft.category };
    if (draft.flag !== row?.flag) change.flag = Number(draft.flag);
    if (draft.reject !== row?.reject) change.reject = Number(draft.reject);
    return "flag" in change || "reject" in change ? [change] : [];
  });
}

const inRange = (value: number | string): value is number =>
  typeof value === "number" && value >= MIN_THRESHOLD && value <= 1;

/**
 * What the API would refuse, found before sending, so the field at fault can be marked: each value
 * 0.05 to 1, and flag no higher than reject. A reset is always valid (the defaults are).
 */
export function thresholdProblem(draft: ThresholdDraft): ThresholdProblem | null {
  if (draft.reset) return null;
  const name = categoryName(draft.category);
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  for (const field of ["flag", "reject"] as const)
    if (!inRange(draft[field]))
      return { category: draft.category, field, message: `${Name}: the ${field} score must be 0.05 to 1.` };
  if (draft.flag > draft.reject)
    return {
      category: draft.category,
      field: "flag",
      message: `${Name}: the flag score cannot be above the reject score.`,
    };
  return null;
}
