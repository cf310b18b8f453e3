import type { PersonFragment, Role } from "../gql/graphql.ts";

export type Person = PersonFragment;
export type RoleChange = { role: Role; label: string };

export const ROLE_LABELS: Record<Role, string> = { MEMBER: "Member", MODERATOR: "Moderator", ADMIN: "Admin" };

/**
 * What an admin may do to someone: make a member a moderator or a moderator a
 * member. Admins (themselves included) come from the deployment's configuration.
 */
export function roleChange(person: Person, viewer: { id: string; role: Role } | null): RoleChange | null {
  if (viewer?.role !== "ADMIN" || person.id === viewer.id || person.role === "ADMIN") return null;
  return person.role === "MEMBER"
    ? { role: "MODERATOR", label: "Make moderator" }
    : { role: "MEMBER", label: "Remove moderator" };
}

export function replacePerson(people: readonly Person[], person: Person): Person[] {
  return people.map((each) => (each.id === person.id ? person : each));
}
