// Pickers with search (core/widgets.py PickerSelect, PickerSelectMultiple): the
// select gives way to a search box; typing lists the matching options (name, unit
// or post, anywhere in the label), a click or Enter chooses one. A multiple select
// shows its choices as tags with a remove button; a single one shows the choice.
// The select stays in the form (hidden) and carries the value, so the server sees
// exactly what it did before; without JavaScript the plain select is used.
(function () {
  "use strict";

  var MAX_SHOWN = 20;

  function setUp(select) {
    if (select.hasAttribute("data-picker-ready")) return;
    select.setAttribute("data-picker-ready", "");
    var multiple = select.multiple;
    var box = document.createElement("div");
    box.className = "picker";
    var chosen = document.createElement("div");
    chosen.className = "d-flex flex-wrap gap-1 mb-1";
    chosen.setAttribute("aria-live", "polite");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control";
    search.autocomplete = "off";
    search.placeholder = "输入姓名或单位搜索";
    // The field's <label for> now names the search box.
    search.id = select.id + "_search";
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) label.setAttribute("for", search.id);
    var results = document.createElement("div");
    results.className = "list-group mt-1";
    results.setAttribute("role", "listbox");
    results.id = select.id + "_results";
    search.setAttribute("aria-controls", results.id);
    box.appendChild(chosen);
    box.appendChild(search);
    box.appendChild(results);
    select.classList.add("d-none");
    select.parentNode.insertBefore(box, select.nextSibling);

    function options() {
      return Array.prototype.filter.call(select.options, function (o) { return o.value !== ""; });
    }

    function showChosen() {
      chosen.innerHTML = "";
      options().filter(function (o) { return o.selected; }).forEach(function (option) {
        var tag = document.createElement("span");
        tag.className = "badge text-bg-light border d-inline-flex align-items-center gap-1";
        tag.textContent = option.text.trim();
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm";
        remove.setAttribute("aria-label", "移除" + option.text.trim());
        remove.addEventListener("click", function () {
          option.selected = false;
          if (!multiple) select.value = "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
          showChosen();
        });
        tag.appendChild(remove);
        chosen.appendChild(tag);
      });
    }

    function choose(option) {
      if (!multiple) options().forEach(function (o) { o.selected = false; });
      option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen();
      results.innerHTML = "";
      search.value = "";
      search.focus();
    }

    function list() {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      results.innerHTML = "";
      if (!words.length) return;
      var matches = options().filter(function (o) {
        var text = o.text.toLowerCase();
        return !o.selected && words.every(function (w) { return text.indexOf(w) !== -1; });
      });
      matches.slice(0, MAX_SHOWN).forEach(function (option) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.textContent = option.text.trim();
        item.addEventListener("click", function () { choose(option); });
        results.appendChild(item);
      });
      if (!matches.length) {
        var none = document.createElement("div");
        none.className = "list-group-item text-muted";
        none.textContent = "没有匹配的选项";
        results.appendChild(none);
      }
    }

    // `input` as well as typing: a Chinese input method or a paste changes the text without keys.
    search.addEventListener("input", list);
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();  // choosing, not submitting the form
      var first = results.querySelector("[role=option]");
      if (first) first.click();
    });
    showChosen();
  }

  function init(scope) {
    (scope || document).querySelectorAll("select[data-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  // Rows added by formset.js and fragments swapped in by htmx get their pickers too.
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  document.addEventListener("formset:added", function (event) { init(event.target); });
})();
