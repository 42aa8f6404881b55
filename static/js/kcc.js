// Keyboard helpers for agents on a call. No inline scripts: the CSP allows only this site's files.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    // "/" focuses the global search box, unless the user is typing somewhere.
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var box = document.getElementById("global-search");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
