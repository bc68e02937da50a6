(function () {
  "use strict";
  // Printing shows everything: every collapsed view opens before the page is printed.
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) { all[i].open = true; }
  });
  var input = document.getElementById("link-filter");
  if (!input) { return; }
  input.classList.remove("hidden");
  input.addEventListener("input", function () {
    var needle = input.value.toLowerCase();
    var items = document.querySelectorAll("[data-filter]");
    for (var i = 0; i < items.length; i++) {
      var hay = items[i].getAttribute("data-filter").toLowerCase();
      items[i].classList.toggle("hidden", needle !== "" && hay.indexOf(needle) === -1);
    }
  });
})();
