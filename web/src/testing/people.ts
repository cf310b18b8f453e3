// Test data for moderating people: sanctions, reports, appeals, a person's record.
import type { PersonRecord } from "../composables/usePerson.ts";
import type { AppealRecord } from "../moderation/appeals.ts";
import type { ReportRecord } from "../moderation/person.ts";
import type { SanctionRecord } from "../moderation/sanctions.ts";
import { ALICE, BOB } from "./fixtures.ts";

export const CAROL = { id: "u-carol", username: "carol" };

export function sanction(overrides: Partial<SanctionRecord> = {}): SanctionRecord {
  return {
    id: "s1",
    kind: "TIMEOUT",
    reason: "Mind your language",
    isAutomatic: false,
    rule: null,
    startsAt: "2026-11-21T10:00:00Z",
    endsAt: "2026-11-21T11:00:00Z",
    liftedAt: null,
    liftReason: null,
    inForce: true,
    actor: CAROL,
    user: ALICE,
    room: { id: "r1", name: "general" },
    triggeringMessages: [],
    ...overrides,
  };
}

export function report(overrides: Partial<ReportRecord> = {}): ReportRecord {
  return {
    id: "rep1",
    messageId: "m1",
    category: "HARASSMENT",
    reason: "Rude",
    weight: 1,
    outcome: null,
    createdAt: "2026-11-21T10:05:00Z",
    reporter: BOB,
    ...overrides,
  };
}

export function appeal(overrides: Partial<AppealRecord> = {}): AppealRecord {
  return {
    id: "a1",
    status: "OPEN",
    text: "I was quoting someone.",
    createdAt: "2026-11-21T10:10:00Z",
    decidedAt: null,
    decisionNote: "",
    user: ALICE,
    message: null,
    sanction: {
      id: "s1",
      kind: "TIMEOUT",
      reason: "Mind your language",
      startsAt: "2026-11-21T10:00:00Z",
      endsAt: "2026-11-21T11:00:00Z",
      inForce: true,
      isAutomatic: false,
      rule: null,
      room: { id: "r1", name: "general" },
    },
    ...overrides,
  };
}

export function personRecord(overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    user: { ...ALICE, role: "MEMBER", createdAt: "2026-11-01T09:00:00Z" },
    reportWeight: 1,
    moderatedMessages: [],
    reportsAgainst: [],
    reportsBy: [],
    sanctions: [],
    appeals: [],
    notes: [],
    ...overrides,
  };
}
