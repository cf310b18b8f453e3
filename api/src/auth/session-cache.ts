import type { AccessChangeFact } from "@chatmod/core/topics";
import type { Viewer } from "./sessions.ts";

type Entry = { viewer: Viewer; until: number };

/**
 * Who each token belongs to, remembered for `ttlMs` at most (and never past the
 * session's own expiry). Keyed by the token itself, held in memory only (Postgres
 * keeps its hash). Forgetting bumps a generation, so
 * a lookup that read Postgres before a logout cannot store what it read after.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private current = 0;

  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(ttlMs: number, maxEntries = 50_000) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  /** Pass to `set`: what was read under an older generation is not stored. */
  get generation(): number {
    return this.current;
  }

  get(token: string): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.viewer;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, viewer: Viewer, expiresAt: Date, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.current) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { viewer, until: Math.min(Date.now() + this.ttlMs, expiresAt.getTime()) });
  }

  forget(change: AccessChangeFact): void {
    this.current++;
    for (const [token, { viewer }] of this.entries)
      if ("sessionId" in change ? viewer.sessionId === change.sessionId : viewer.id === change.userId)
        this.entries.delete(token);
  }

  clear(): void {
    this.current++;
    this.entries.clear();
  }
}
