// Live updates: when the board's read model changes, fetch this page again and swap every
// [data-live] element for its fresh version. Without JavaScript the pages work as they are.
(function () {
  "use strict";
  if (!window.EventSource || !window.DOMParser || !window.fetch) { return; }
  var seq = document.body.getAttribute("data-seq");
  if (seq === null) { return; }  // not a live page (sign-in, errors)
  var source = new EventSource("/stream?after=" + encodeURIComponent(seq));
  var refreshing = false, again = false;

  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected && new URL(response.url).pathname === "/login") { location.href = "/login"; }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (element) {
          var name = element.getAttribute("data-live");
          var replacement = fresh.querySelector('[data-live="' + name + '"]');
          if (replacement) { element.replaceWith(document.importNode(replacement, true)); }
        });
        document.dispatchEvent(new CustomEvent("board:updated"));
      })
      .catch(function () { /* the next change tries again */ })
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  source.addEventListener("change", refresh);
})();
