import type { Context } from "../context.ts";
import { forbidden } from "../errors.ts";
import { isModerator, requireViewer } from "./guards.ts";
import type { Viewer } from "./sessions.ts";

/**
 * Roles: moderators act on every room (one team for the whole service); admins
 * are moderators who also make and unmake moderators.
 */
export function requireModerator(context: Context): Viewer {
  const viewer = requireViewer(context);
  if (!isModerator(viewer)) throw forbidden("Moderators only.");
  return viewer;
}

export function requireAdmin(context: Context): Viewer {
  const viewer = requireViewer(context);
  if (viewer.role !== "ADMIN") throw forbidden("Admins only.");
  return viewer;
}
