// The error summary of a form (templates/core/_error_summary.html). A link to "#id"
// only scrolls; this focuses the field too, so the user can type at once. A field
// replaced by a search box (the 客商 and person pickers) is reached through the box,
// which carries the field's id or "<id>_search".
(function () {
  "use strict";

  function visible(element) {
    return element && element.offsetParent !== null;
  }

  function target(id) {
    var element = document.getElementById(id);
    if (visible(element)) return element;
    var search = document.getElementById(id + "_search");
    return visible(search) ? search : element;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = target(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) return;
    event.preventDefault();
    // Bring the label into view with the field: it says what to type.
    var label = document.querySelector("label[for='" + field.id + "']") || field;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
