/* « Trouver ma résidence » : filters the list as the reader types. Progressive enhancement:
   without this script the page is a complete list grouped by commune, and the search field stays
   hidden. No dependency, nothing loaded from elsewhere.
   Matching forgives what readers type: case, accents, hyphens, « St »/« Ste » for « Saint »/
   « Sainte », and one typo (one letter missing, extra, wrong or two swapped) in a word of four
   letters or more. */
(function () {
  "use strict";

  // Same rule as the site generator (core::slug::search_key): lower case, no accents,
  // punctuation as spaces, « st » and « ste » spelt out.
  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "oe").replace(/æ/g, "ae").replace(/Æ/g, "ae")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim()
      .split(" ").filter(Boolean).map(function (w) {
        return w === "st" ? "saint" : (w === "ste" ? "sainte" : w);
      });
  }

  // Whether a and b differ by at most one edit (insertion, deletion, substitution, or two
  // neighbouring letters swapped).
  function oneEdit(a, b) {
    if (a === b) { return true; }
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) { return false; }
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) { i += 1; }
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) { return true; }
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la < lb ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }

  // A typed word matches the residence's text that contains it; from four letters, a word that
  // is the typed one with one typo (« lile » finds « lille »); from five, a word that starts
  // with it with one typo (« tileu » finds « tilleuls »). Shorter words would match too much.
  function wordMatches(typed, words, text) {
    if (text.indexOf(typed) !== -1) { return true; }
    if (typed.length < 4) { return false; }
    return words.some(function (w) {
      if (oneEdit(typed, w)) { return true; }
      if (typed.length < 5) { return false; }
      return oneEdit(typed, w.slice(0, typed.length)) ||
        oneEdit(typed, w.slice(0, typed.length + 1)) || oneEdit(typed, w.slice(0, typed.length - 1));
    });
  }

  function matches(query, key) {
    var words = key.split(" ");
    return normalize(query).every(function (typed) { return wordMatches(typed, words, key); });
  }

  if (typeof document === "undefined") {
    // Read by the generator's tests (node), which check the rule on examples.
    if (typeof module !== "undefined") { module.exports = { normalize: normalize, matches: matches }; }
    return;
  }
  var box = document.querySelector("[data-finder]");
  if (!box || !document.querySelectorAll || !"".normalize) { return; }
  var input = box.querySelector("input");
  var status = document.getElementById("recherche-resultat");
  var none = document.getElementById("recherche-aucune");
  var groups = Array.prototype.map.call(document.querySelectorAll("[data-commune]"), function (section) {
    return {
      section: section,
      items: Array.prototype.map.call(section.querySelectorAll("[data-search]"), function (li) {
        return { li: li, text: li.getAttribute("data-search") };
      })
    };
  });

  function count(n) {
    return n.toLocaleString("fr-FR");
  }

  function apply() {
    var empty = normalize(input.value).length === 0;
    var shown = 0;
    groups.forEach(function (group) {
      var inGroup = 0;
      group.items.forEach(function (item) {
        var match = empty || matches(input.value, item.text);
        item.li.hidden = !match;
        if (match) { inGroup += 1; }
      });
      group.section.hidden = inGroup === 0;
      shown += inGroup;
    });
    if (none) { none.hidden = empty || shown > 0; }
    if (empty) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = "Aucune résidence ne correspond à « " + input.value.trim() + " ».";
    } else if (shown === 1) {
      status.textContent = "1 résidence trouvée.";
    } else {
      status.textContent = count(shown) + " résidences trouvées.";
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 200);
  });
  // The home page's search form sends ?recherche=…: the list opens filtered.
  var asked = new URLSearchParams(window.location.search).get("recherche");
  if (asked) { input.value = asked; }
  box.hidden = false;
  if (asked) { apply(); }
})();
