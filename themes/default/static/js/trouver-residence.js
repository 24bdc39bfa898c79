/* « Trouver ma résidence » : filters the list as the reader types. Progressive enhancement:
   without this script the page is a complete list grouped by commune, and the search field stays
   hidden. No dependency, nothing loaded from elsewhere. */
(function () {
  "use strict";
  var box = document.querySelector("[data-finder]");
  if (!box || !document.querySelectorAll || !"".normalize) { return; }
  var input = box.querySelector("input");
  var status = document.getElementById("recherche-resultat");
  var groups = Array.prototype.map.call(document.querySelectorAll("[data-commune]"), function (section) {
    return {
      section: section,
      items: Array.prototype.map.call(section.querySelectorAll("[data-search]"), function (li) {
        return { li: li, text: li.getAttribute("data-search") };
      })
    };
  });

  // Same rule as the site generator: lower case, no accents, punctuation as spaces.
  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "oe").replace(/æ/g, "ae")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function count(n) {
    return n.toLocaleString("fr-FR");
  }

  function apply() {
    var words = normalize(input.value).split(" ").filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var inGroup = 0;
      group.items.forEach(function (item) {
        var match = words.every(function (w) { return item.text.indexOf(w) !== -1; });
        item.li.hidden = !match;
        if (match) { inGroup += 1; }
      });
      group.section.hidden = inGroup === 0;
      shown += inGroup;
    });
    if (words.length === 0) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = "Aucune résidence ne correspond à votre recherche.";
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
  box.hidden = false;
})();
