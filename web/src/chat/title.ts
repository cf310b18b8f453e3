// The tab's title: the page's own, after the person's unread total ("(3) #general · chatmod").

let page = "chatmod";
let unread = 0;

function render(): void {
  document.title = unread > 0 ? `(${unread > 99 ? "99+" : unread}) ${page}` : page;
}

/** The page's title, without the count: each page sets its own. */
export function setPageTitle(title: string): void {
  page = title;
  render();
}

/** Unread messages in all of the person's rooms: shown first, so a background tab says there is something. */
export function setUnreadTotal(total: number): void {
  unread = total;
  render();
}
