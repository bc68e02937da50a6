(function () {
  "use strict";
  // Printing shows everything: every collapsed view opens before the page is printed.
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) { all[i].open = true; }
  });
  var input = document.getElementById("link-filter");
  if (!input) { return; }
  // shown only where the script runs: without it, the box would find nothing
  document.getElementById("filter").classList.remove("hidden");
  var count = document.getElementById("filter-count");
  input.addEventListener("input", function () {
    var needle = input.value.toLowerCase();
    var items = document.querySelectorAll("[data-filter]");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var hay = items[i].getAttribute("data-filter").toLowerCase();
      var hide = needle !== "" && hay.indexOf(needle) === -1;
      items[i].classList.toggle("hidden", hide);
      if (!hide) { shown += 1; }
    }
    // what the search found, in words (a screen reader hears it; nothing visible said it)
    count.textContent = needle === "" ? "" : shown === 0 ? "No tie matches." :
      shown === 1 ? "1 tie matches." : shown + " ties match.";
  });
})();
