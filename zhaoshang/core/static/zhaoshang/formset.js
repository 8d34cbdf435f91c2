// Django formsets that grow and shrink in the browser ("添加一行" / "移除").
// A static file, not an inline script: the content security policy forbids inline code.
//
// Markup (see templates/core/_formset_delete.html and the project form):
//   <div data-formset="credits">                    the formset's prefix
//     {{ formset.management_form }}
//     <div data-formset-rows> <div data-formset-row>…</div> … </div>
//     <template data-formset-template>{{ empty_form row, ids with __prefix__ }}</template>
//     <button type="button" data-formset-add class="d-none">添加一行</button>
//   </div>
// Adding clones the empty form with the next index and raises TOTAL_FORMS.
// Removing ticks the row's DELETE checkbox and hides the row, so the indexes stay
// contiguous and the server leaves the row out. Without JavaScript the buttons stay
// hidden and the DELETE checkboxes are shown instead.
(function () {
  "use strict";

  function enhance(scope) {
    scope.querySelectorAll("[data-formset-add], [data-formset-remove]").forEach(function (button) {
      button.classList.remove("d-none");
    });
    scope.querySelectorAll(".formset-delete").forEach(function (box) {
      box.classList.add("d-none");
    });
  }

  function setUp(holder) {
    var prefix = holder.getAttribute("data-formset");
    var total = holder.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = holder.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var rows = holder.querySelector("[data-formset-rows]");
    var template = holder.querySelector("template[data-formset-template]");
    var add = holder.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !add) return;

    function refreshAdd() {
      add.disabled = max && Number(total.value) >= Number(max.value);
    }

    add.addEventListener("click", function () {
      var index = Number(total.value);
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var row = rows.lastElementChild;
      enhance(row);
      refreshAdd();
      // Pickers (picker.js) and the like set up the new row's fields.
      row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true }));
      var fields = row.querySelectorAll("select, input:not([type=hidden]):not([type=checkbox]), textarea");
      var first = Array.prototype.find.call(fields, function (field) { return field.offsetParent !== null; });
      if (first) first.focus();
    });

    rows.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-remove]");
      if (!button || !rows.contains(button)) return;
      var row = button.closest("[data-formset-row]");
      var box = row.querySelector('input[type=checkbox][name$="-DELETE"]');
      if (box) box.checked = true;
      row.classList.add("d-none");
      row.setAttribute("aria-hidden", "true");
      add.focus();
    });

    enhance(holder);
    refreshAdd();
  }

  function init() {
    document.querySelectorAll("[data-formset]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
