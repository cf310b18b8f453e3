import { shallowRef } from "vue";

/**
 * Who has the page's one delete confirmation open (MessageActions): opening
 * another closes it, so two messages never ask at once.
 */
export const openConfirmation = shallowRef<symbol | null>(null);
