import { checkArguments } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import "./user.ts";
import "./room.ts";
import "./room-list.ts";
import "./room-members.ts";
import "./message.ts";
import "./reply.ts";
import "./search.ts";
import "./room-events.ts";
import "./reaction.ts";
import "./moderation.ts";
import "./room-policy.ts";
import "./sanction.ts";
import "./appeal.ts";
import "./notice.ts";
import "./person.ts";
import "./presence.ts";

/** The whole schema: each domain file registers its own types and root fields. */
export const schema = checkArguments(builder.toSchema({ sortSchema: true }));
