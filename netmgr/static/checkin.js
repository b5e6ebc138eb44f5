/* Check-in page: filter the list while typing (the search form works without this file). */
document.addEventListener("DOMContentLoaded", function () {
  var input = document.querySelector("[data-filter-list]");
  if (!input) {
    return;
  }
  var list = document.getElementById(input.getAttribute("data-filter-list"));
  var empty = document.getElementById("checkin-list-empty");
  var fold = function (text) {
    return (text || "").normalize("NFKC").toLocaleLowerCase().trim();
  };
  input.addEventListener("input", function () {
    var query = fold(input.value);
    var shown = 0;
    list.querySelectorAll("[data-filter-text]").forEach(function (row) {
      var hit = fold(row.getAttribute("data-filter-text")).indexOf(query) !== -1;
      row.hidden = !hit;
      if (hit) {
        shown += 1;
      }
    });
    if (empty) {
      empty.hidden = shown !== 0;
    }
  });
});
