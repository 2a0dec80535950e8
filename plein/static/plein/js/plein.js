/*
 * Plein: small progressive enhancements. Every page works without this
 * file; it only makes things quicker or kinder. No inline scripts anywhere:
 * behaviour hangs off data attributes, so a strict CSP can be switched on.
 *
 *   <details data-menu>      closes on Escape and on a click elsewhere
 *   [data-copy="#selector"]  a hidden button that copies the target's text
 *   [data-autofocus]         receives focus when it appears (error summaries)
 *   form[data-reset-on-success]  emptied after htmx submitted it successfully
 *   [data-bar-width="40"]    a bar drawn 40% wide (style="" attributes are
 *                            refused by the Content Security Policy; styles
 *                            set from a script are not)
 *   htmx errors              domain errors arrive retargeted to #alerts and
 *                            are swapped in; anything else shows a message
 *                            taken from #alerts' data-* attributes
 */
(function () {
  "use strict";

  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    var menu = event.target.closest("details[data-menu]");
    closeMenus(menu);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details[data-menu][open]");
    if (!open) return;
    open.removeAttribute("open");
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });

  function enhance(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard || button.dataset.copyReady) return;
      button.dataset.copyReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.querySelector(button.dataset.copy);
        if (!target) return;
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          var label = button.textContent;
          button.textContent = button.dataset.copiedLabel || "✓";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
    root.querySelectorAll("[data-bar-width]").forEach(function (bar) {
      var percent = parseFloat(bar.dataset.barWidth);
      if (!isNaN(percent)) bar.style.width = Math.max(0, Math.min(100, percent)) + "%";
    });
    var autofocus = root.querySelector("[data-autofocus]");
    if (autofocus) autofocus.focus();
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) enhance(event.target);
  });

  function showAlert(text) {
    var alerts = document.getElementById("alerts");
    if (!alerts || !text) return;
    var p = document.createElement("p");
    p.className = "alert alert-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    alerts.replaceChildren(p);
  }

  // In DEBUG, django-htmx's helper replaces the whole page with any 4xx
  // answer. Domain errors meant for #alerts should behave as in production,
  // so keep this event from reaching it (capture phase runs first).
  window.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status < 400) return;
    if (xhr.getResponseHeader("HX-Retarget")) {
      // A domain error rendered for the alert region: show it.
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    var alerts = document.getElementById("alerts");
    showAlert(alerts && alerts.dataset.serverError);
  });

  document.addEventListener("htmx:sendError", function () {
    var alerts = document.getElementById("alerts");
    showAlert(alerts && alerts.dataset.networkError);
  });

  // hx-on would need 'unsafe-eval'; forms opt in with a data attribute.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (event.detail.successful && form && form.matches && form.matches("form[data-reset-on-success]")) {
      form.reset();
    }
  });

  // A successful swap clears an old error so messages do not pile up.
  document.addEventListener("htmx:afterSwap", function (event) {
    var alerts = document.getElementById("alerts");
    if (alerts && event.detail.target !== alerts && event.detail.xhr && event.detail.xhr.status < 400) {
      alerts.querySelectorAll(".alert-error[role='alert']").forEach(function (el) { el.remove(); });
    }
  });
})();
