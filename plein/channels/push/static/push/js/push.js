/*
 * Plein as an installable app, and push on this device.
 *
 * Registers the service worker (its address comes from this script's
 * data-service-worker attribute; no inline scripts, see the CSP). On the
 * push settings page, section[data-push-device] gets its two buttons:
 * turning push on asks the browser for permission (from the click itself,
 * which Safari requires), subscribes with the server's VAPID key from
 * data-vapid-key and POSTs the subscription to data-subscriptions; turning
 * it off deletes it there and unsubscribes. On other pages a signed-in
 * person's current subscription is handed over again once a day, or at once
 * when the browser replaced it (data-subscriptions and data-csrf).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var workerUrl = script && script.dataset.serviceWorker;
  var supported = "serviceWorker" in navigator && window.isSecureContext && workerUrl;
  if (supported) {
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {});
  }
  // Signed in (the script then carries the API address and CSRF token).
  var signedInApi = script && script.dataset.subscriptions;
  var signedInCsrf = script && script.dataset.csrf;
  var SYNC_KEY = "plein.push.synced";
  var SYNC_EVERY_MS = 24 * 3600 * 1000;

  function keyBytes(base64url) {
    var padded = base64url + "===".slice((base64url.length + 3) % 4);
    var raw = window.atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function describeDevice() {
    var ua = navigator.userAgent;
    var browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox"
      : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
    var system = /Android/.test(ua) ? "Android" : /iPhone/.test(ua) ? "iPhone"
      : /iPad/.test(ua) ? "iPad" : /Windows/.test(ua) ? "Windows"
      : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
    return [browser, system].filter(Boolean).join(" · ");
  }

  function setUp(section) {
    var status = section.querySelector("[data-push-status]");
    var onButton = section.querySelector("[data-push-on]");
    var offButton = section.querySelector("[data-push-off]");
    var api = section.dataset.subscriptions;

    function show(isOn, message) {
      status.textContent = message || section.dataset[isOn ? "msgOn" : "msgOff"];
      onButton.hidden = isOn;
      offButton.hidden = !isOn;
    }

    function fail(message) {
      status.textContent = message || section.dataset.msgError;
      onButton.disabled = offButton.disabled = false;
    }

    function call(method, url, body) {
      return fetch(url, {
        method: method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": section.dataset.csrf },
        body: body ? JSON.stringify(body) : undefined,
      }).then(function (response) {
        if (!response.ok && response.status !== 404) throw new Error(response.status);
        return response.status === 204 ? null : response.json();
      });
    }

    if (!supported || !("PushManager" in window) || !("Notification" in window)) {
      status.textContent = section.dataset.msgUnsupported;
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      var isOn = Boolean(subscription) && Notification.permission === "granted";
      show(isOn);
      if (isOn) {
        // Keep the server's copy current (keys can change, a device can be
        // removed on another one): saving the same endpoint again is harmless.
        call("POST", api, Object.assign(subscription.toJSON(), { device: describeDevice() }))
          .catch(function () {});
      }
    });

    onButton.addEventListener("click", function () {
      onButton.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") {
          fail(section.dataset.msgDenied);
          return null;
        }
        return navigator.serviceWorker.ready.then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(section.dataset.vapidKey),
          });
        }).then(function (subscription) {
          return call("POST", api, Object.assign(subscription.toJSON(), { device: describeDevice() }));
        }).then(function () {
          onButton.disabled = false;
          show(true);
        });
      }).catch(function () { fail(); });
    });

    offButton.addEventListener("click", function () {
      offButton.disabled = true;
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.getSubscription();
      }).then(function (subscription) {
        if (!subscription) return null;
        return call("GET", api).then(function (answer) {
          var mine = (answer.items || []).filter(function (item) {
            return item.endpoint === subscription.endpoint;
          });
          return Promise.all(mine.map(function (item) {
            return call("DELETE", api + "/" + item.id);
          }));
        }).then(function () { return subscription.unsubscribe(); });
      }).then(function () {
        offButton.disabled = false;
        show(false);
      }).catch(function () { fail(); });
    });
  }

  // Browsers renew subscriptions now and then (the worker subscribes again
  // on pushsubscriptionchange but cannot sign in to the API): once a day, or
  // when the endpoint changed, a signed-in page hands the current one over.
  function syncSubscription() {
    if (!supported || !signedInApi || !("PushManager" in window)) return;
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return;
      var last = {};
      try { last = JSON.parse(window.localStorage.getItem(SYNC_KEY) || "{}"); } catch (e) { last = {}; }
      if (last.endpoint === subscription.endpoint && Date.now() - (last.at || 0) < SYNC_EVERY_MS) return;
      return fetch(signedInApi, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": signedInCsrf },
        body: JSON.stringify(Object.assign(subscription.toJSON(), { device: describeDevice() })),
      }).then(function (response) {
        if (!response.ok) return;
        window.localStorage.setItem(SYNC_KEY, JSON.stringify({ endpoint: subscription.endpoint, at: Date.now() }));
      });
    }).catch(function () {});
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-push-device]");
    if (section) setUp(section);
    else syncSubscription();
  });
})();
