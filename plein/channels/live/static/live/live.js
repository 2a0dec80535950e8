// Live updates: one EventSource per tab, resumed from the last event id.
// Nothing moves under the reader: new posts and comments are offered in a
// bar, the bell and reaction counts refresh in place.
(() => {
  "use strict";
  const anchor = document.getElementById("live");
  if (!anchor || !window.EventSource || !window.htmx) return;
  const streamUrl = anchor.dataset.stream;
  let source = null;
  let lastId = "";
  let hiddenTimer = null;
  const HIDDEN_CLOSE_MS = 5 * 60 * 1000;

  const payload = (event) => {
    if (event.lastEventId) lastId = event.lastEventId;
    try { return JSON.parse(event.data || "{}"); } catch (_e) { return {}; }
  };
  const me = Number(anchor.dataset.me || 0);

  // The "3 new posts" link on the home feed, counted by the server with the
  // feed's own read; fan-out takes a moment, so ask again a little later.
  let newsTimer = null;
  const askNews = (delays) => {
    const bar = document.getElementById("live-new-posts");
    if (!bar) return;
    clearTimeout(newsTimer);
    const [first, ...rest] = delays;
    newsTimer = setTimeout(() => {
      const url = new URL(bar.dataset.newsUrl, location.href);
      url.searchParams.set("after", bar.dataset.after);
      if (bar.dataset.filter) url.searchParams.set("filter", bar.dataset.filter);
      htmx.ajax("GET", url.pathname + url.search, { target: bar, swap: "innerHTML" }).then(() => {
        if (!bar.textContent.trim() && rest.length) askNews(rest);
      });
    }, first);
  };

  const postBar = () => document.getElementById("live-post");
  const refreshReactions = (postId) => {
    const target = document.getElementById(`reactions-${postId}`);
    if (!target) return;
    htmx.ajax("GET", `/posts/${postId}/`, {
      target, select: `#reactions-${postId}`, swap: "outerHTML",
    });
  };

  const handlers = {
    "notification.created": () => htmx.trigger(document.body, "plein:live-notification"),
    "post.created": (data) => { if (data.actor_id !== me) askNews([1200, 4000]); },
    "comment.created": (data) => {
      const bar = postBar();
      if (bar && Number(bar.dataset.postId) === data.post_id && data.actor_id !== me) {
        bar.hidden = false;
      }
    },
    "reactions.changed": (data) => { if (data.actor_id !== me) refreshReactions(data.post_id); },
    // The author's read receipts page refreshes itself on this event.
    "receipts.changed": () => htmx.trigger(document.body, "plein:live-receipts"),
    // A poll on the page fetches its results again (plein.engagement.polls).
    "poll.results": (data) => htmx.trigger(document.body, `plein:live-poll-${data.post_id}`),
    // Open triage pages fetch their lists again (plein.listening.triage).
    "triage.changed": () => htmx.trigger(document.body, "plein:live-triage"),
    "moderation.changed": () => {
      const notice = document.getElementById("live-moderation");
      if (notice) notice.hidden = false;
    },
  };

  const connect = () => {
    if (source) return;
    const sep = streamUrl.includes("?") ? "&" : "?";
    const url = lastId ? `${streamUrl}${sep}last_event_id=${encodeURIComponent(lastId)}` : streamUrl;
    // With the session cookie, also when the stream has its own port.
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener("ready", payload);
    for (const [type, handle] of Object.entries(handlers)) {
      source.addEventListener(type, (event) => handle(payload(event)));
    }
    source.addEventListener("reload", () => {
      disconnect();
      const bar = postBar() || document.getElementById("live-new-posts");
      if (bar) {
        bar.hidden = false;
        bar.textContent = anchor.dataset.reloadText;
      }
    });
  };
  const disconnect = () => {
    if (source) source.close();
    source = null;
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-live-show-comments]");
    if (!button) return;
    const bar = postBar();
    const id = bar.dataset.postId;
    // Only the list: a comment being typed below it stays as it is.
    htmx.ajax("GET", bar.dataset.postUrl, {
      target: `#comments-${id}`, select: `#comments-${id}`, swap: "outerHTML",
    });
    bar.hidden = true;
  });

  // A tab in the background lets its stream go after a while, and picks up
  // from where it was when it is shown again.
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      hiddenTimer = setTimeout(disconnect, HIDDEN_CLOSE_MS);
    } else {
      clearTimeout(hiddenTimer);
      connect();
    }
  });
  connect();
})();
