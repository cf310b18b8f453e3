import { builder } from "./builder.ts";
import "./user.ts";
import "./room.ts";
import "./message.ts";
import "./room-events.ts";
import "./moderation.ts";
import "./room-policy.ts";

/** The whole schema: each domain file registers its own types and root fields. */
export const schema = builder.toSchema({ sortSchema: true });
