import { install as installUrql } from "@urql/vue";
import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { refreshSessionUser, SESSION_ENDED_NOTICE } from "./composables/useSession.ts";
import { createChatTransport, transportKey } from "./graphql/client.ts";
import { createChatRouter } from "./router.ts";
import { SESSION_STORAGE_KEY, useSessionStore } from "./stores/session.ts";
import "./styles/base.css";

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const session = useSessionStore(pinia);

const transport = createChatTransport({
  getToken: () => session.token,
  onSessionEnded: () => {
    // Several requests may fail at once; tell the person once.
    if (session.token) session.end(SESSION_ENDED_NOTICE);
    transport.dropConnection();
  },
  // A new role shows at once: the dashboard's link appears, or a demoted moderator leaves it (App.vue).
  onAccessChanged: () => void refreshSessionUser(transport.client, session),
});
app.provide(transportKey, transport);
// The same client for @urql/vue's useQuery/useMutation (e.g. the moderation dashboard's lists);
// the live chat composables use the transport directly, for control over resubscribing.
installUrql(app, transport.client);

window.addEventListener("storage", (event) => {
  if (event.key === SESSION_STORAGE_KEY || event.key === null) session.syncFromStorage();
});

app.use(createChatRouter(session, () => refreshSessionUser(transport.client, session)));
app.mount("#app");
