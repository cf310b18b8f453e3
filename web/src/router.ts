import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { setPageTitle } from "./chat/title.ts";
import type { Role } from "./gql/graphql.ts";
import type { useSessionStore } from "./stores/session.ts";
import NotFoundView from "./views/NotFoundView.vue";
import RoomsView from "./views/RoomsView.vue";
import RoomView from "./views/RoomView.vue";
import SignInView from "./views/SignInView.vue";
import SignUpView from "./views/SignUpView.vue";

declare module "vue-router" {
  interface RouteMeta {
    /** Signed-in people only; others go to sign-in and come back after. */
    requiresAuth?: boolean;
    /** Signed-out people only (sign-in, sign-up). */
    guestOnly?: boolean;
    /** Only these roles (e.g. the moderation dashboard). */
    roles?: Role[];
    title?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: "/", redirect: { name: "rooms" } },
  { path: "/sign-in", name: "sign-in", component: SignInView, meta: { guestOnly: true, title: "Sign in" } },
  { path: "/sign-up", name: "sign-up", component: SignUpView, meta: { guestOnly: true, title: "Create an account" } },
  { path: "/rooms", name: "rooms", component: RoomsView, meta: { requiresAuth: true, title: "Rooms" } },
  { path: "/rooms/:slug", name: "room", component: RoomView, props: true, meta: { requiresAuth: true } },
  // The moderation dashboard, loaded only by those who may open it.
  {
    path: "/moderation",
    name: "moderation",
    component: () => import("./views/ModerationView.vue"),
    meta: { requiresAuth: true, roles: ["MODERATOR", "ADMIN"], title: "Moderation" },
  },
  // One person's moderation record, opened from a username (PersonLink).
  {
    path: "/moderation/people/:userId",
    name: "person",
    component: () => import("./views/PersonView.vue"),
    props: true,
    meta: { requiresAuth: true, roles: ["MODERATOR", "ADMIN"], title: "Person" },
  },
  { path: "/:pathMatch(.*)*", name: "not-found", component: NotFoundView, meta: { title: "Not found" } },
];

/** `refreshUser` reads the person's role again before a page is refused for it (it may be newer than the stored one). */
export function createChatRouter(
  session: ReturnType<typeof useSessionStore>,
  refreshUser: () => Promise<void> = async () => {},
) {
  const router = createRouter({ history: createWebHistory(), routes });
  const allowed = (roles: Role[] | undefined) => !roles || (session.user !== null && roles.includes(session.user.role));
  router.beforeEach(async (to) => {
    if (to.meta.requiresAuth && !session.signedIn) return { name: "sign-in", query: { next: to.fullPath } };
    if (to.meta.guestOnly && session.signedIn) return { name: "rooms" };
    if (allowed(to.meta.roles)) return true;
    await refreshUser();
    return allowed(to.meta.roles) || { name: "rooms" };
  });
  router.afterEach((to) => {
    setPageTitle(to.meta.title ? `${to.meta.title} · chatmod` : "chatmod");
  });
  return router;
}
