(function () {
  "use strict";
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
