// The office screen (plein/channels/screens): rotates the slides and fetches
// them again every minute. No log-in, no personal state: the page's address
// carries the screen token. When the server says the screen is no longer
// connected (404), the slides give way to the "not connected" notice; a
// network failure keeps the slides that are showing.
(function () {
  "use strict";

  var main = document.getElementById("kiosk");
  if (!main) {
    return;
  }
  var slidesUrl = main.dataset.slidesUrl;
  var rotationMs = Math.max(3, parseInt(main.dataset.rotationSeconds, 10) || 12) * 1000;
  var refreshMs = Math.max(10, parseInt(main.dataset.refreshSeconds, 10) || 60) * 1000;
  var bar = main.querySelector(".kiosk-progress-bar");
  var counter = main.querySelector(".kiosk-counter");
  var current = 0;
  var rotateTimer = null;
  var stopped = false;

  function container() {
    return document.getElementById("kiosk-slides");
  }

  function slides() {
    var box = container();
    return box ? Array.prototype.slice.call(box.querySelectorAll(".slide")) : [];
  }

  function restartProgress() {
    if (!bar) {
      return;
    }
    // CSSOM, not a style attribute: allowed under the Content Security Policy.
    bar.classList.remove("is-running");
    bar.style.animationDuration = rotationMs + "ms";
    void bar.offsetWidth; // restart the CSS animation
    if (slides().length > 1) {
      bar.classList.add("is-running");
    }
  }

  function show(index) {
    var all = slides();
    if (!all.length) {
      return;
    }
    current = ((index % all.length) + all.length) % all.length;
    all.forEach(function (slide, i) {
      var isCurrent = i === current;
      slide.hidden = !isCurrent;
      slide.classList.toggle("is-current", isCurrent);
    });
    if (counter) {
      counter.textContent = all.length > 1 ? current + 1 + " / " + all.length : "";
    }
    main.dataset.currentKey = all[current].dataset.key || "";
    restartProgress();
  }

  function schedule() {
    window.clearTimeout(rotateTimer);
    if (stopped) {
      return;
    }
    rotateTimer = window.setTimeout(function () {
      show(current + 1);
      schedule();
    }, rotationMs);
  }

  function replaceSlides(html) {
    var currentKey = main.dataset.currentKey;
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#kiosk-slides");
    var old = container();
    if (!fresh || !old) {
      return;
    }
    if (fresh.dataset.version === old.dataset.version) {
      return; // unchanged: the rotation goes on undisturbed
    }
    old.replaceWith(fresh);
    if (fresh.hasAttribute("data-not-connected")) {
      stopped = true;
      window.clearTimeout(rotateTimer);
      if (bar) {
        bar.classList.remove("is-running");
      }
      if (counter) {
        counter.textContent = "";
      }
      return;
    }
    // Stay on the slide that was showing if it is still there.
    var keys = slides().map(function (slide) {
      return slide.dataset.key;
    });
    var index = keys.indexOf(currentKey);
    show(index >= 0 ? index : 0);
    schedule();
  }

  function refresh() {
    if (stopped) {
      return;
    }
    window
      .fetch(slidesUrl, { cache: "no-cache", credentials: "omit" })
      .then(function (response) {
        if (response.ok || response.status === 404) {
          return response.text().then(replaceSlides);
        }
        return null;
      })
      .catch(function () {
        // Offline for a while: keep showing what we have.
      });
  }

  show(0);
  schedule();
  window.setInterval(refresh, refreshMs);
})();
