// Injected by `ensemble serve` only: reloads the page after a rebuild and shows build errors
// over the page. Never part of the built site.
(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Erreurs de construction");
      overlay.style.cssText = "position:fixed;inset:0;z-index:99999;background:rgba(20,20,20,.94);color:#fff;overflow:auto;padding:1.5rem;font:16px/1.5 ui-monospace,monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "La construction a échoué : le dernier site valide est affiché dessous.";
    title.style.cssText = "color:#ffb3b3;font:bold 20px/1.3 system-ui,sans-serif;margin:0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    overlay.appendChild(title);
    overlay.appendChild(pre);
  }
  var source = new EventSource("/__ensemble/events");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("failed", function (e) { show(e.data); });
})();
