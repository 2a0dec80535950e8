/*
 * Plein: small progressive enhancements. Every page works without this
 * file; it only makes things quicker or kinder. No inline scripts anywhere:
 * behaviour hangs off data attributes, so a strict CSP can be switched on.
 *
 *   <details data-menu>      closes on Escape and on a click elsewhere
 *   [data-copy="#selector"]  a hidden button that copies the target's text
 *   [data-autofocus]         receives focus when it appears (error summaries)
 *   form[data-reset-on-success]  emptied after htmx submitted it successfully
 *   .composer-compact        (phones) stays open once focused, so it does
 *                            not fold away while a file is picked
 *   textarea[data-mentions]  typing "@an" offers colleagues to mention, from
 *                            <body data-mention-source>; arrow keys move,
 *                            Enter or Tab inserts "@handle ", Escape closes
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

  document.addEventListener("focusin", function (event) {
    var composer = event.target.closest && event.target.closest(".composer-compact");
    if (composer) composer.classList.add("is-open");
  });

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

  /* @mentions. The textarea keeps its own role (ARIA allows no combobox role
   * on a textarea); aria-autocomplete, aria-controls and
   * aria-activedescendant tie it to a role=listbox list below it, and a
   * polite status says how many colleagues were found. Names are put in
   * with textContent only: nothing from the server becomes HTML. */
  // "@an" just before the caret, not inside a word, an e-mail address or a
  // URL (the same rule as plein.core.markdown's MENTION_RE).
  var MENTION_BEFORE = /(^|[^\w@\/.])@([a-z0-9._-]{1,50})$/i;
  var mentionCache = {};
  var mentionCount = 0;

  function mentionTexts() {
    return document.body.dataset;
  }

  function mentionQuery(textarea) {
    if (textarea.selectionStart !== textarea.selectionEnd) return null;
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = MENTION_BEFORE.exec(before);
    if (!match) return null;
    return { text: match[2].toLowerCase(), start: before.length - match[2].length - 1 };
  }

  function mentionState(textarea) {
    if (textarea.plainMentions) return textarea.plainMentions;
    mentionCount += 1;
    var list = document.createElement("ul");
    list.id = "mention-list-" + mentionCount;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", mentionTexts().mentionLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    textarea.parentElement.classList.add("has-mentions");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    var state = { textarea: textarea, list: list, status: status, query: null, people: [], active: -1, timer: 0, controller: null };
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();  // keep the focus (and the caret) in the textarea
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) chooseMention(state, Number(option.dataset.index));
    });
    textarea.plainMentions = state;
    return state;
  }

  function closeMentions(state) {
    if (state.controller) state.controller.abort();
    window.clearTimeout(state.timer);
    state.query = null;
    state.people = [];
    state.active = -1;
    state.list.hidden = true;
    state.list.replaceChildren();
    state.textarea.removeAttribute("aria-activedescendant");
  }

  function setActiveMention(state, index) {
    var options = state.list.querySelectorAll("[role=option]");
    if (!options.length) return;
    state.active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === state.active ? "true" : "false");
    });
    state.textarea.setAttribute("aria-activedescendant", options[state.active].id);
    options[state.active].scrollIntoView({ block: "nearest" });
  }

  function mentionAvatar(person) {
    var avatar;
    if (person.photo) {
      avatar = document.createElement("img");
      avatar.src = person.photo;
      avatar.alt = "";
    } else {
      avatar = document.createElement("span");
      avatar.dataset.tone = person.tone;
      avatar.setAttribute("aria-hidden", "true");
      avatar.textContent = person.initials;
    }
    avatar.className = "avatar avatar-sm";
    return avatar;
  }

  function showMentions(state, people) {
    var texts = mentionTexts();
    state.people = people;
    state.list.replaceChildren();
    people.forEach(function (person, i) {
      var option = document.createElement("li");
      option.id = state.list.id + "-" + i;
      option.className = "mention-option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(i);
      var name = document.createElement("span");
      name.className = "mention-name";
      name.textContent = person.name;
      var handle = document.createElement("span");
      handle.className = "mention-handle";
      handle.textContent = "@" + person.handle;
      option.append(mentionAvatar(person), name, handle);
      state.list.appendChild(option);
    });
    state.list.hidden = people.length === 0;
    if (people.length) setActiveMention(state, 0);
    else state.textarea.removeAttribute("aria-activedescendant");
    var message = people.length === 0 ? texts.mentionNone
      : people.length === 1 ? texts.mentionOne : texts.mentionMany;
    state.status.textContent = (message || "").replace("{count}", String(people.length));
  }

  function lookUpMentions(state, text) {
    if (mentionCache[text]) {
      showMentions(state, mentionCache[text]);
      return;
    }
    var source = mentionTexts().mentionSource;
    if (!source || !window.fetch) return;
    if (state.controller) state.controller.abort();
    var controller = new AbortController();
    state.controller = controller;
    fetch(source + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller.signal
    }).then(function (response) {
      return response.ok ? response.json() : { people: [] };
    }).then(function (data) {
      var people = Array.isArray(data.people) ? data.people : [];
      mentionCache[text] = people;
      if (state.query && state.query.text === text) showMentions(state, people);
    }).catch(function () { /* aborted or offline: no suggestions */ });
  }

  function chooseMention(state, index) {
    var person = state.people[index];
    var query = state.query;
    if (!person || !query) return;
    var textarea = state.textarea;
    var insert = "@" + person.handle + " ";
    var caret = textarea.selectionStart;
    textarea.value = textarea.value.slice(0, query.start) + insert + textarea.value.slice(caret);
    var after = query.start + insert.length;
    textarea.setSelectionRange(after, after);
    closeMentions(state);
    textarea.focus();
  }

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-mentions]")) return;
    var state = mentionState(textarea);
    var query = mentionQuery(textarea);
    if (!query) {
      closeMentions(state);
      return;
    }
    state.query = query;
    window.clearTimeout(state.timer);
    // Wait for a pause in typing: one request per word, not per letter.
    state.timer = window.setTimeout(function () { lookUpMentions(state, query.text); }, 150);
  });

  document.addEventListener("keydown", function (event) {
    var textarea = event.target;
    if (!textarea.plainMentions || textarea.plainMentions.list.hidden) return;
    var state = textarea.plainMentions;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActiveMention(state, state.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if ((event.key === "Enter" || event.key === "Tab") && state.active >= 0) {
      event.preventDefault();
      chooseMention(state, state.active);
    } else if (event.key === "Escape") {
      // Closes the suggestions only, not a menu or dialog around them.
      event.preventDefault();
      event.stopPropagation();
      closeMentions(state);
    }
  }, true);

  document.addEventListener("focusout", function (event) {
    var state = event.target.plainMentions;
    if (state) closeMentions(state);
  });

  // A successful swap clears an old error so messages do not pile up.
  document.addEventListener("htmx:afterSwap", function (event) {
    var alerts = document.getElementById("alerts");
    if (alerts && event.detail.target !== alerts && event.detail.xhr && event.detail.xhr.status < 400) {
      alerts.querySelectorAll(".alert-error[role='alert']").forEach(function (el) { el.remove(); });
    }
  });
})();
