// Keyboard helpers for agents on a call. No inline scripts: the CSP allows only this site's files.
(function () {
  "use strict";

  function isTyping(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // The search box is a combobox (WAI-ARIA APG "list autocomplete"): the focus stays in the
  // box; ↓/↑ walk the results (aria-activedescendant), Enter opens the chosen one, Escape
  // closes the panel and keeps what was typed. A panel under the header also closes when
  // the focus leaves the search form, so it never covers the element that has the focus.
  function container(input) {
    return document.getElementById(input.getAttribute("data-kcc-resultaten"));
  }

  function options(input) {
    var lijst = document.getElementById(input.getAttribute("aria-controls"));
    return lijst ? Array.prototype.slice.call(lijst.querySelectorAll("[role=option]")) : [];
  }

  function kies(input, optie) {
    options(input).forEach(function (o) { o.setAttribute("aria-selected", o === optie ? "true" : "false"); });
    if (optie) {
      input.setAttribute("aria-activedescendant", optie.id);
      optie.scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function openen(input, open) {
    var paneel = container(input);
    var heeft = paneel && paneel.textContent.trim() !== "";
    if (paneel && paneel.classList.contains("search-panel")) paneel.hidden = !(open && heeft);
    input.setAttribute("aria-expanded", open && options(input).length ? "true" : "false");
    if (!open) kies(input, null);
  }

  function gekozen(input) {
    var id = input.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id) : null;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    // "/" focuses the global search box, unless the user is typing somewhere.
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(target)) {
      var box = document.getElementById("global-search");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
      return;
    }
    if (!(target.matches && target.matches("[data-kcc-search]"))) return;
    var alle = options(target);
    var nu = gekozen(target);
    var index = nu ? alle.indexOf(nu) : -1;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!alle.length) return;
      event.preventDefault();
      openen(target, true);
      if (event.key === "ArrowDown") kies(target, alle[Math.min(index + 1, alle.length - 1)]);
      else kies(target, index > 0 ? alle[index - 1] : null);
    } else if (event.key === "Home" && nu) {
      event.preventDefault();
      kies(target, alle[0]);
    } else if (event.key === "End" && nu) {
      event.preventDefault();
      kies(target, alle[alle.length - 1]);
    } else if (event.key === "Enter" && nu) {
      event.preventDefault();
      window.location.assign(nu.href);
    } else if (event.key === "Escape") {
      // the browser would empty a search field: the query stays, the panel closes
      event.preventDefault();
      openen(target, false);
    }
  });

  // new results: the panel opens (while the box has the focus), nothing chosen yet
  document.addEventListener("htmx:afterSwap", function (event) {
    var doel = event.detail && event.detail.target;
    if (!doel || !doel.classList || !doel.classList.contains("kcc-zoekresultaten")) return;
    var input = document.querySelector("[data-kcc-resultaten='" + doel.id + "']");
    if (!input) return;
    if (doel.hasAttribute("data-kcc-bladeren")) {
      doel.removeAttribute("data-kcc-bladeren");
      // paging on: back to the box, on the first result of the new page
      input.focus();
      openen(input, true);
      kies(input, options(input)[0] || null);
      return;
    }
    openen(input, document.activeElement === input || doel.contains(document.activeElement));
  });

  // paging on: the button is gone after the swap, so its panel remembers it was asked
  document.addEventListener("htmx:beforeRequest", function (event) {
    var bron = event.detail && event.detail.elt;
    if (bron && bron.hasAttribute && bron.hasAttribute("data-kcc-pagina")) {
      var paneel = bron.closest(".kcc-zoekresultaten");
      if (paneel) paneel.setAttribute("data-kcc-bladeren", "1");
    }
  });

  function zoekvakBij(el) {
    if (!el || !el.closest) return null;
    if (el.matches("[data-kcc-search]")) return el;
    var paneel = el.closest(".kcc-zoekresultaten");
    if (paneel) return document.querySelector("[data-kcc-resultaten='" + paneel.id + "']");
    var form = el.closest("form[role=search]");
    return form && form.querySelector("[data-kcc-search]");
  }

  document.addEventListener("focusout", function (event) {
    var input = zoekvakBij(event.target);
    if (!input) return;
    var naar = event.relatedTarget;
    if (naar && zoekvakBij(naar) === input) return;
    openen(input, false);
  });

  // A field with autofocus further down a page (the klantbeeld's subject) gets the focus
  // without the page jumping to put it in the middle of the screen: it scrolls only as far as
  // needed to show the field, so the name and warnings at the top stay in view as far as the
  // screen allows. Focusing here, before the browser's own autofocus, replaces that.
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("main [autofocus]");
    if (!field) return;
    if (document.activeElement === document.body) {
      field.focus({preventScroll: true});
    } else if (document.activeElement !== field) {
      return;  // the user is already somewhere else
    }
    window.scrollTo(0, 0);
    field.scrollIntoView({block: "nearest"});
  });

  // Enter in a search box with exactly one live result opens it (the agent's fast path).
  document.addEventListener("submit", function (event) {
    var input = event.target.querySelector && event.target.querySelector("[data-kcc-search]");
    if (!input) return;
    var alle = options(input);
    if (alle.length === 1) {
      event.preventDefault();
      window.location.assign(alle[0].href);
    }
  });
})();

// The idle time-out (permissions/middleware.py): two minutes before it, a warning with
// "Stay logged in"; at the time-out what was typed into the page's forms is kept in this
// tab (sessionStorage) and put back after logging in again, on the same page.
(function () {
  "use strict";
  var sessie = document.getElementById("kcc-sessie");
  var PREFIX = "kcc-formulier:" + location.pathname + ":";

  function sleutel(form, index) {
    return PREFIX + (form.getAttribute("action") || index);
  }

  function velden(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
        ["hidden", "password", "file", "submit", "button", "checkbox", "radio"].indexOf(el.type) === -1;
    });
  }

  // put back what was typed before a time-out
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form, index) {
    var bewaard = sessionStorage.getItem(sleutel(form, index));
    if (!bewaard) return;
    sessionStorage.removeItem(sleutel(form, index));
    var data = JSON.parse(bewaard);
    velden(form).forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(data, el.name) && !el.value) el.value = data[el.name];
    });
  });

  if (!sessie) return;
  var waarschuwing = document.getElementById("kcc-sessie-waarschuwing");
  var inactief = parseInt(sessie.getAttribute("data-inactief"), 10) * 1000;
  var einde = Date.now() + parseInt(sessie.getAttribute("data-resterend"), 10) * 1000;
  if (!inactief) return;

  function bewaren() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form, index) {
      var data = {};
      var iets = false;
      velden(form).forEach(function (el) {
        if (el.value && el.type !== "search") { data[el.name] = el.value; iets = true; }
      });
      if (iets) sessionStorage.setItem(sleutel(form, index), JSON.stringify(data));
    });
  }

  function opnieuw() {
    // the server writes activity at most once a minute: count from a minute earlier
    einde = Date.now() + Math.max(inactief - 60000, inactief / 2);
    waarschuwing.hidden = true;
  }

  // the server ended the session (an htmx answer sends the page to the log-in page)
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Redirect")) bewaren();
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var cfg = event.detail.requestConfig || {};
    if (!(cfg.headers && cfg.headers["X-KCC-Peiling"])) opnieuw();
  });

  waarschuwing.querySelector("button").addEventListener("click", function () {
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    fetch(sessie.getAttribute("data-verlengen"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      if (response.ok) { einde = Date.now() + inactief; waarschuwing.hidden = true; }
    });
  });

  function tik() {
    var over = einde - Date.now();
    if (over <= 0) {
      bewaren();
      location.assign(sessie.getAttribute("data-inloggen") + "?next=" +
        encodeURIComponent(location.pathname + location.search));
      return;
    }
    if (over <= 120000) waarschuwing.hidden = false;
    setTimeout(tik, 1000);
  }
  setTimeout(tik, 1000);
})();

// The month report's print button (no inline handlers: the CSP allows only our own files).
document.addEventListener("click", function (event) {
  var knop = event.target.closest && event.target.closest("[data-kcc-print]");
  if (knop) window.print();
});

// A region that refreshes itself (hx-trigger "every …": the wallboard, the team lead's
// overview, the department queue) skips a refresh while the focus is inside it: the swap
// would throw away the element the user is on. The next refresh after the focus left runs.
document.addEventListener("htmx:beforeRequest", function (event) {
  var el = event.detail && event.detail.elt;
  var trigger = el && el.getAttribute && el.getAttribute("hx-trigger");
  var actief = document.activeElement;
  if (trigger && trigger.indexOf("every") === 0 && actief && actief !== document.body &&
      el.contains(actief)) {
    event.preventDefault();
  }
});

// "Legitimatie gezien" only with a desk channel: shown when one is chosen, hidden (and
// unticked) for the phone, a letter or a web form. Without JavaScript it always shows, and
// the server refuses it on any other channel.
function kccAlleenBijKanaal(root) {
  var velden = (root || document).querySelectorAll("[data-kcc-alleen-kanalen]");
  Array.prototype.forEach.call(velden, function (veld) {
    var form = veld.closest("form");
    var kanaal = form && form.querySelector("[name=kanaal]");
    if (!kanaal) return;
    var toon = veld.getAttribute("data-kcc-alleen-kanalen").split(" ").indexOf(kanaal.value) !== -1;
    veld.hidden = !toon;
    if (!toon) {
      var vink = veld.querySelector("input[type=checkbox]");
      if (vink) vink.checked = false;
    }
  });
}
document.addEventListener("change", function (event) {
  if (event.target.name === "kanaal" && event.target.form) kccAlleenBijKanaal(event.target.form);
});
document.addEventListener("DOMContentLoaded", function () { kccAlleenBijKanaal(document); });
document.addEventListener("htmx:afterSwap", function (event) { kccAlleenBijKanaal(event.target); });

// After an htmx swap the focus goes where the work continues: a form that came back with
// errors → its first invalid field; content that marks the next step (data-kcc-focus, e.g.
// the callback's sentence to read out) → there. What the swap brought to say
// (data-kcc-meld, e.g. "Opgeslagen.") is put in the page's live region, which exists before
// the news arrives. Refreshing regions (hx-trigger "every …") never move the focus.
document.addEventListener("htmx:afterSettle", function (event) {
  var doel = event.detail && event.detail.target;
  var bron = event.detail && event.detail.elt;
  var trigger = bron && bron.getAttribute && bron.getAttribute("hx-trigger");
  if (!doel || !doel.querySelector || (trigger && trigger.indexOf("every") === 0)) return;
  var melding = doel.querySelector("[data-kcc-meld]");
  var gebied = document.getElementById("kcc-melding");
  if (melding && gebied) {
    gebied.textContent = "";
    setTimeout(function () { gebied.textContent = melding.textContent.trim(); }, 50);
  }
  var fout = doel.querySelector("[aria-invalid=true]");
  if (fout) { fout.focus(); return; }
  var verder = doel.querySelector("[data-kcc-focus]");
  if (verder) { verder.focus(); return; }
  // saved, and the same form comes back empty: on to its first field for the next question
  var veld = doel.querySelector("[data-kcc-focus-veld]");
  veld = veld && document.getElementById(veld.getAttribute("data-kcc-focus-veld"));
  if (veld) veld.focus();
});

// Alt+T: the callback form of the klantbeeld opens (loaded on first use) with the focus on
// its first empty required field: the number is prefilled, the subject and question taken
// over from the contact in progress or the contact just saved; all filled in: on "send".
function kccEersteLegeVeld(form) {
  var velden = form.querySelectorAll("input[required], textarea[required], select[required]");
  for (var i = 0; i < velden.length; i++) {
    if (!velden[i].value) return velden[i];
  }
  // all filled in (taken over from the contact just saved): ready to send
  return form.querySelector("button[type=submit]") || velden[0] || null;
}
document.addEventListener("keydown", function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== "KeyT") return;
  var details = document.getElementById("tbv-details");
  if (!details) return;
  event.preventDefault();
  var form = document.querySelector("#tbv-formulier form");
  if (form) {
    // already there: opened before, or brought along with a saved contact
    details.open = true;
    var veld = kccEersteLegeVeld(form);
    if (veld) veld.focus();
    return;
  }
  details.setAttribute("data-kcc-openen", "1");
  details.open = true;
});
document.addEventListener("htmx:afterSettle", function (event) {
  var doel = event.detail && event.detail.target;
  var details = document.getElementById("tbv-details");
  if (!doel || doel.id !== "tbv-formulier" || !details || !details.hasAttribute("data-kcc-openen")) return;
  details.removeAttribute("data-kcc-openen");
  var form = doel.querySelector("form");
  var veld = form && kccEersteLegeVeld(form);
  if (veld && !doel.querySelector("[aria-invalid=true]")) veld.focus();
});

// The callback form takes over the contact in progress: when it arrives in the klantbeeld,
// empty subject and question fields get what the agent already typed in the contact form
// (in the browser only: the question never travels in a URL).
document.addEventListener("htmx:afterSwap", function (event) {
  var doel = event.detail && event.detail.target;
  if (!doel || doel.id !== "tbv-formulier") return;
  [["onderwerp", "id_tbv-onderwerp"], ["vraag", "id_tbv-vraag"]].forEach(function (paar) {
    var bron = document.querySelector("#contactmoment-form [name='" + paar[0] + "']");
    var veld = document.getElementById(paar[1]);
    if (bron && veld && !veld.value && bron.value) veld.value = bron.value;
  });
});

// The caller-id pop-up: the skip link to it shows while a call is on the screen, and
// Alt+O takes the focus there from anywhere.
function kccOproepLink() {
  var link = document.getElementById("oproep-link");
  if (link) link.hidden = !document.getElementById("oproep-regio");
}
document.addEventListener("htmx:oobAfterSwap", kccOproepLink);
document.addEventListener("htmx:afterSettle", kccOproepLink);
document.addEventListener("keydown", function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== "KeyO") return;
  var regio = document.getElementById("oproep-regio");
  if (!regio) return;
  event.preventDefault();
  regio.focus();
});

// Alt+K: the knowledge base — the search box of the klantbeeld, or the search page.
document.addEventListener("keydown", function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== "KeyK") return;
  event.preventDefault();
  var veld = document.getElementById("kb-kennis-q") || document.getElementById("kennis-q");
  if (veld) { veld.focus(); return; }
  var link = document.querySelector("a[aria-keyshortcuts='Alt+K']");
  if (link) window.location.href = link.href;
});

// The sections of a knowledge-base article as the ARIA tab pattern: without JavaScript
// every section shows one below the other; with it, one at a time, arrows move between tabs.
function kccTabs(lijst) {
  if (lijst.getAttribute("data-kcc-tabs") === "klaar") return;
  lijst.setAttribute("data-kcc-tabs", "klaar");
  lijst.hidden = false;
  var tabs = Array.prototype.slice.call(lijst.querySelectorAll("[role=tab]"));
  function kies(tab, focus) {
    tabs.forEach(function (t) {
      var gekozen = t === tab;
      t.setAttribute("aria-selected", gekozen ? "true" : "false");
      t.tabIndex = gekozen ? 0 : -1;
      var paneel = document.getElementById(t.getAttribute("aria-controls"));
      if (paneel) paneel.hidden = !gekozen;
    });
    if (focus) tab.focus();
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function () { kies(tab, false); });
    tab.addEventListener("keydown", function (event) {
      var naar = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (naar === undefined) return;
      event.preventDefault();
      kies(tabs[(naar + tabs.length) % tabs.length], true);
    });
  });
  kies(tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0], false);
}
function kccAlleTabs(wortel) {
  Array.prototype.forEach.call((wortel || document).querySelectorAll("[data-kcc-tabs]"), kccTabs);
}
document.addEventListener("DOMContentLoaded", function () { kccAlleTabs(document); });
document.addEventListener("htmx:afterSettle", function (event) { kccAlleTabs(event.detail && event.detail.target); });
