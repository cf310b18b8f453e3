import { reactionLimits } from "../chat/emoji.ts";
import type { ReactionGroupRow } from "../chat/reaction-loader.ts";
import { changeReaction, showsReactions } from "../chat/reactions.ts";
import { perViewer } from "../server/shared-execution.ts";
import { builder } from "./builder.ts";
import { Message } from "./message.ts";
import { User } from "./user.ts";

const ReactionGroup = builder.objectRef<ReactionGroupRow>("ReactionGroup").implement({
  description: "Everyone who reacted to a message with one emoji.",
  fields: (t) => ({
    emoji: t.exposeString("emoji"),
    count: t.exposeInt("count", { description: "How many members reacted with it." }),
    reactors: t.field({
      type: [User],
      description: `Who reacted, oldest first: the first ${reactionLimits.reactorsShown} (count has them all).`,
      resolve: (group, _args, context) => Promise.all(group.reactorIds.map((id) => context.loadAuthor(id))),
    }),
    viewerReacted: t.boolean({
      description: "Whether the signed-in user reacted with it.",
      ...perViewer,
      resolve: async (group, _args, context) =>
        context.viewer !== null &&
        (await context.reactions.emojiOf(group.messageId, context.viewer.id)).has(group.emoji),
    }),
  }),
});

builder.objectField(Message, "reactions", (t) =>
  t.field({
    type: [ReactionGroup],
    description:
      "Emoji reactions, one group per emoji in the order each was first used. Empty for viewers who cannot read " +
      "the message (masked or hidden) and once it is deleted.",
    resolve: (message, _args, context) =>
      showsReactions(message, context.viewer) ? context.reactions.groups(message) : [],
  }),
);

builder.mutationFields((t) => {
  const args = {
    messageId: t.arg.id({ required: true }),
    emoji: t.arg.string({
      required: true,
      description:
        `One emoji (an RGI emoji: skin tones, flags and ZWJ sequences included). A message has at most ` +
        `${reactionLimits.distinctEmojiPerMessage} different ones.`,
    }),
  };
  return {
    addReaction: t.field({
      type: Message,
      description:
        "Reacts to a message you can read in a room you are a member of (not while timed out). Reacting again " +
        "with the same emoji changes nothing. Answers with the message and its reactions.",
      args,
      resolve: (_root, input, context) =>
        changeReaction(context, "add", { messageId: String(input.messageId), emoji: input.emoji }),
    }),
    removeReaction: t.field({
      type: Message,
      description: "Takes your reaction back; taking back one you did not make changes nothing.",
      args,
      resolve: (_root, input, context) =>
        changeReaction(context, "remove", { messageId: String(input.messageId), emoji: input.emoji }),
    }),
  };
});
