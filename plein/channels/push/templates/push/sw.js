/*
 * Plein's service worker (served at /sw.js by plein.channels.push.views).
 *
 * - keeps an app shell (CSS, scripts, icons, the offline page) so Plein
 *   opens without a connection, and static files once used;
 * - shows the offline page when a page cannot be loaded;
 * - shows push notifications and opens their page when tapped.
 *
 * Pages and API answers are never cached: they are someone's data.
 */
"use strict";

const VERSION = "__VERSION__";
const CACHE = "plein-shell-" + VERSION;
const SHELL = {{ shell|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const STATIC_URL = {{ static_url|safe }};
const ICON_URL = {{ icon_url|safe }};
const BADGE_URL = {{ badge_url|safe }};

self.addEventListener("install", (event) => {
  // One missing file must not keep the worker from installing.
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.allSettled(SHELL.map((url) => cache.add(url))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("plein-shell-") && name !== CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

function fromCacheThenNetwork(request) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request).then((cached) => {
      const fetched = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (cached) {
        fetched.catch(() => null);
        return cached;
      }
      return fetched;
    })
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(OFFLINE_URL).then((page) => page || Response.error())
      )
    );
    return;
  }
  if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(fromCacheThenNetwork(request));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  // Every push shows a notification (browsers require it of push).
  event.waitUntil(
    self.registration.showNotification(data.title || "Plein", {
      body: data.body || "",
      tag: data.tag || undefined,
      lang: data.lang || undefined,
      icon: ICON_URL,
      badge: BADGE_URL,
      data: { url: data.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  let target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  // Only ever open a page of this site.
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});

// The push service replaced the subscription: subscribe again with the same
// key; the next signed-in page hands the new one to Plein (push.js), and the
// old one answers 410 and is forgotten.
self.addEventListener("pushsubscriptionchange", (event) => {
  const options = event.oldSubscription && event.oldSubscription.options;
  if (!options) return;
  event.waitUntil(self.registration.pushManager.subscribe(options).catch(() => null));
});
