import type { Database } from "@chatmod/core/db";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";
import type { RateLimiter } from "../rate-limit.ts";

/** How long a replica trusts a room's slow-mode setting it read; a change reaches every replica within this. */
const SETTING_CACHE_MS = 1_000;
const MAX_ROOMS_REMEMBERED = 10_000;

/**
 * Slow mode: a member may send one message per room's `slowModeSeconds`
 * (moderators are exempt). The turns are in Redis (RateLimiter.takeTurn), shared
 * by every replica; each replica remembers the rooms' settings for a second, so
 * a send costs no extra statement, and a room without slow mode no Redis call.
 */
export class SlowMode {
  private readonly settings = new Map<string, { seconds: number; until: number }>();

  constructor(
    private readonly db: Database,
    private readonly limiter: RateLimiter,
  ) {}

  /** Takes the member's turn in the room; throws RATE_LIMITED with the wait. Returns how to give it back, if taken. */
  async take(viewer: Viewer, roomId: string): Promise<(() => Promise<void>) | null> {
    if (isModerator(viewer)) return null;
    const seconds = await this.seconds(roomId);
    if (seconds === 0) return null;
    return this.limiter.takeTurn(
      "slow",
      `${roomId}:${viewer.id}`,
      seconds * 1000,
      (waitMs) => `Slow mode: one message every ${seconds} s here; wait ${Math.ceil(waitMs / 1000)} s.`,
    );
  }

  private async seconds(roomId: string): Promise<number> {
    const known = this.settings.get(roomId);
    if (known && known.until > Date.now()) return known.seconds;
    const room = await this.db.room.findUnique({ where: { id: roomId }, select: { slowModeSeconds: true } });
    const seconds = room?.slowModeSeconds ?? 0;
    if (this.settings.size >= MAX_ROOMS_REMEMBERED) this.settings.clear();
    this.settings.set(roomId, { seconds, until: Date.now() + SETTING_CACHE_MS });
    return seconds;
  }
}
