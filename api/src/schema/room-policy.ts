import { moderationCategories } from "@chatmod/core/moderation-categories";
import {
  type CategoryThresholdSetting,
  type EscalationPolicy,
  effectiveCategoryThreshold,
  effectiveEscalation,
  type RoomPolicy,
  roomPolicySchema,
  storedRoomPolicy,
} from "@chatmod/core/room-policy";
import { isModerator, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, badInput, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceRoomChange } from "../live/announce.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { builder } from "./builder.ts";
import { ModerationCategory, type ModerationCategoryName } from "./moderation-category.ts";
import { Room } from "./room.ts";

/** Slow mode's longest wait: 6 hours, as Discord allows. */
export const SLOW_MODE_MAX_SECONDS = 6 * 60 * 60;

const ModerationMode = builder.enumType("ModerationMode", {
  values: {
    POST: { description: "Messages show at once and are moderated afterwards." },
    HOLD: {
      description:
        "A message reaches others once the automatic moderator has read it (usually within tens of " +
        "milliseconds): approved, it shows; flagged, it shows masked; rejected, never. Its author sees it at once. " +
        "If the verdict is late, the message waits for it (or for a moderator): nobody sees what may be masked.",
    },
    PRE: {
      description:
        "Messages are held until a moderator approves them (the automatic verdict may reject or flag one, never approve it); their author sees them meanwhile.",
    },
  } as const,
});

const Thresholds = builder.objectRef<RoomPolicy["thresholds"]>("ModerationThresholds").implement({
  description: "Unset values use the service's defaults.",
  fields: (t) => ({
    flagSeverity: t.string({ nullable: true, resolve: (value) => value.flagSeverity ?? null }),
    rejectSeverity: t.string({ nullable: true, resolve: (value) => value.rejectSeverity ?? null }),
    hostileComparative: t.float({ nullable: true, resolve: (value) => value.hostileComparative ?? null }),
    sentimentFlagScore: t.int({ nullable: true, resolve: (value) => value.sentimentFlagScore ?? null }),
  }),
});

type CategoryThresholdRow = { category: ModerationCategoryName; flag: number; reject: number; isDefault: boolean };

const CategoryThreshold = builder.objectRef<CategoryThresholdRow>("CategoryThreshold").implement({
  description:
    "The classifier's scores (0 to 1) at which a message is flagged for review and at which it is rejected; 1 means never.",
  fields: (t) => ({
    category: t.field({ type: ModerationCategory, resolve: (row) => row.category }),
    flag: t.exposeFloat("flag"),
    reject: t.exposeFloat("reject"),
    isDefault: t.exposeBoolean("isDefault", { description: "Both values are the service's defaults." }),
  }),
});

/** Every category's thresholds in effect: the room's own where set, the defaults elsewhere. */
function categoryThresholdRows(policy: RoomPolicy): CategoryThresholdRow[] {
  return moderationCategories.map((category) => {
    const own = policy.categoryThresholds[category];
    return {
      category,
      ...effectiveCategoryThreshold(category, own),
      isDefault: own?.flag === undefined && own?.reject === undefined,
    };
  });
}

const Escalation = builder.objectRef<EscalationPolicy>("EscalationPolicy").implement({
  description:
    "Automatic timeouts: `count` messages of one member flagged or rejected within `windowMinutes` time them out " +
    "for timeoutMinutes[0]; each time again within repeatWindowHours, for the next step (the last repeats).",
  fields: (t) => ({
    enabled: t.exposeBoolean("enabled"),
    count: t.exposeInt("count"),
    windowMinutes: t.exposeInt("windowMinutes"),
    timeoutMinutes: t.exposeIntList("timeoutMinutes"),
    repeatWindowHours: t.exposeInt("repeatWindowHours"),
  }),
});

const EscalationInput = builder.inputType("EscalationPolicyInput", {
  description: "A field left out keeps its value.",
  fields: (t) => ({
    enabled: t.boolean(),
    count: t.int({ description: "2 to 50." }),
    windowMinutes: t.int({ description: "1 to 1,440." }),
    timeoutMinutes: t.intList({ description: "1 to 5 steps, each 1 to 40,320 minutes (28 days)." }),
    repeatWindowHours: t.int({ description: "1 to 720." }),
  }),
});

const RoomPolicyRef = builder.objectRef<RoomPolicy>("RoomPolicy").implement({
  fields: (t) => ({
    thresholds: t.field({ type: Thresholds, resolve: (policy) => policy.thresholds }),
    categoryThresholds: t.field({
      type: [CategoryThreshold],
      description: "One per category, in a fixed order.",
      resolve: categoryThresholdRows,
    }),
    blockedTerms: t.exposeStringList("blockedTerms"),
    allowedTerms: t.exposeStringList("allowedTerms"),
    escalation: t.field({ type: Escalation, resolve: effectiveEscalation }),
  }),
});

/** The room's creator and moderators may read and change its policy. */
function mayManage(context: Context, room: { creatorId: string }): boolean {
  return isModerator(context.viewer) || context.viewer?.id === room.creatorId;
}

builder.prismaObjectFields(Room, (t) => ({
  moderationMode: t.field({ type: ModerationMode, resolve: (room) => room.moderationMode }),
  reportThreshold: t.exposeInt("reportThreshold", {
    description:
      "Reports that add up to this weight hide a message until a moderator reviews it (a report weighs 1, less " +
      "when its reporter's reports were often dismissed).",
  }),
  slowModeSeconds: t.exposeInt("slowModeSeconds", {
    description: "Slow mode: a member may send one message per this many seconds; 0 is off. Moderators are exempt.",
  }),
  policy: t.field({
    type: RoomPolicyRef,
    nullable: true,
    description: "Automatic moderation settings. Only the room's creator and moderators can read them.",
    ...perViewer,
    select: { policy: true, creatorId: true },
    resolve: (room, _args, context) => (mayManage(context, room) ? storedRoomPolicy(room.policy) : null),
  }),
}));

const ThresholdsInput = builder.inputType("ModerationThresholdsInput", {
  description: "A threshold left out keeps its value; null sets it back to the service's default (read back as null).",
  fields: (t) => ({
    flagSeverity: t.string({ description: "mild | moderate | severe; null for the default." }),
    rejectSeverity: t.string({ description: "mild | moderate | severe | never; null for the default." }),
    hostileComparative: t.float({
      description: "-5 to 0: how negative the rest of a message must be for a mild term to flag; null for the default.",
    }),
    sentimentFlagScore: t.int({
      description:
        "-100 to 0: flag any message whose sentiment score is at or below it. null sets it back to the default, " +
        "which is off (no message is flagged for its sentiment alone).",
    }),
  }),
});

const CategoryThresholdInput = builder.inputType("CategoryThresholdInput", {
  description:
    "A category's thresholds, 0.05 to 1 (1: never); flag may not be above reject. A value left out keeps its " +
    "value; null sets it back to the service's default.",
  fields: (t) => ({
    category: t.field({ type: ModerationCategory, required: true }),
    flag: t.float(),
    reject: t.float(),
  }),
});

const RoomPolicyInput = builder.inputType("RoomPolicyInput", {
  description:
    "A field left out keeps its value. Only thresholds take null (back to the default); these fields never " +
    "read as null, so null here is refused with BAD_USER_INPUT.",
  fields: (t) => ({
    moderationMode: t.field({ type: ModerationMode }),
    reportThreshold: t.int({ description: "1 to 100." }),
    slowModeSeconds: t.int({ description: `0 (off) to ${SLOW_MODE_MAX_SECONDS} (6 hours).` }),
    escalation: t.field({ type: EscalationInput }),
    thresholds: t.field({ type: ThresholdsInput }),
    categoryThresholds: t.field({
      type: [CategoryThresholdInput],
      description: "Only the categories listed change; each category at most once.",
    }),
    blockedTerms: t.stringList({ description: "At most 200, each 1 to 50 characters; caught even when obfuscated." }),
    allowedTerms: t.stringList({ description: "At most 200; never flagged in this room." }),
  }),
});

builder.mutationField("updateRoomPolicy", (t) =>
  t.prismaField({
    type: Room,
    description: "Changes how a room is moderated; applies to messages sent from now on. Creator or moderators.",
    args: { roomId: t.arg.id({ required: true }), input: t.arg({ type: RoomPolicyInput, required: true }) },
    resolve: async (query, _root, { roomId: rawId, input }, context) => {
      requireViewer(context);
      const roomId = valid.uuidOrNull(rawId);
      const room = roomId ? await context.db.room.findUnique({ where: { id: roomId } }) : null;
      if (!room) throw notFound("Room");
      if (!mayManage(context, room)) throw forbidden("Only the room's creator and moderators change its policy.");
      for (const field of [
        "moderationMode",
        "reportThreshold",
        "slowModeSeconds",
        "escalation",
        "thresholds",
        "categoryThresholds",
        "blockedTerms",
        "allowedTerms",
      ] as const)
        if (input[field] === null) throw badInput(field, `${field} cannot be null: leave it out to keep its value.`);
      const current = storedRoomPolicy(room.policy);
      const policy = parseRoomPolicy({
        thresholds: mergeThresholds(current.thresholds, input.thresholds ?? {}),
        categoryThresholds: mergeCategoryThresholds(current.categoryThresholds, input.categoryThresholds ?? []),
        blockedTerms: input.blockedTerms ?? current.blockedTerms,
        allowedTerms: input.allowedTerms ?? current.allowedTerms,
        escalation: input.escalation
          ? { ...effectiveEscalation(current), ...definedOnly(input.escalation) }
          : current.escalation,
      });
      const slowModeSeconds = input.slowModeSeconds ?? room.slowModeSeconds;
      if (!Number.isInteger(slowModeSeconds) || slowModeSeconds < 0 || slowModeSeconds > SLOW_MODE_MAX_SECONDS)
        throw badInput("slowModeSeconds", `slowModeSeconds must be 0 (off) to ${SLOW_MODE_MAX_SECONDS}.`);
      const reportThreshold = input.reportThreshold ?? room.reportThreshold;
      if (!Number.isInteger(reportThreshold) || reportThreshold < 1 || reportThreshold > 100)
        throw apiError(ErrorCode.BAD_USER_INPUT, "reportThreshold must be 1 to 100.", { field: "reportThreshold" });
      const updated = await context.db.room.update({
        ...query,
        where: { id: room.id },
        data: { policy, reportThreshold, slowModeSeconds, moderationMode: input.moderationMode ?? room.moderationMode },
      });
      announceRoomChange(context, room.id);
      return updated;
    },
  }),
);

/** An input object's fields that were given: null and left out both keep the current value. */
function definedOnly(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
}

/** Left out keeps the current value; null leaves the threshold unset, so the worker uses its default. */
function mergeThresholds(current: object, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(changes)) if (value !== undefined) merged[name] = value;
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
}

/** Within a category threshold's range (core's roomPolicySchema checks it too). */
const isScore = (value: number) => value >= 0.05 && value <= 1;

type CategoryChange = { category: ModerationCategoryName; flag?: number | null; reject?: number | null };

/** As mergeThresholds, per category; the effective values must keep flag at or below reject. */
function mergeCategoryThresholds(
  current: RoomPolicy["categoryThresholds"],
  changes: readonly CategoryChange[],
): RoomPolicy["categoryThresholds"] {
  const merged = { ...current };
  const seen = new Set<string>();
  for (const { category, ...change } of changes) {
    if (seen.has(category))
      throw badInput("policy.categoryThresholds", `categoryThresholds lists ${category} more than once.`);
    seen.add(category);
    const values = mergeThresholds(merged[category] ?? {}, change) as CategoryThresholdSetting;
    const effective = effectiveCategoryThreshold(category, values);
    // A value out of range is the schema's to report (parseRoomPolicy): compared, 1.2 would read as "above reject".
    if (isScore(effective.flag) && isScore(effective.reject) && effective.flag > effective.reject)
      throw badInput(
        `policy.categoryThresholds.${category}`,
        `${category.replaceAll("_", " ")}: the flag threshold (${effective.flag}) cannot be above the reject threshold (${effective.reject}).`,
      );
    merged[category] = values;
  }
  return Object.fromEntries(Object.entries(merged).filter(([, values]) => Object.keys(values ?? {}).length > 0));
}

/** The policy as it will be stored, or BAD_USER_INPUT naming the first field at fault. */
function parseRoomPolicy(input: unknown): RoomPolicy {
  const result = roomPolicySchema.safeParse(input);
  if (result.success) return result.data;
  const path = result.error.issues[0]?.path.join(".") ?? "";
  throw badInput(`policy.${path}`, `Invalid room policy: ${path}: ${result.error.issues[0]?.message}`);
}
