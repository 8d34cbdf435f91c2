// The project form's 客商 picker (templates/projects/_investor_picker.html). A static
// file, not an inline script: the content security policy forbids inline code.
// With JavaScript the plain select gives way to a search box: htmx asks the server
// as the user types (hx-trigger="keyup changed delay:300ms"); clicking a result puts
// its id into a hidden input that carries the select's name, and shows the name.
// Without JavaScript nothing here runs and the select is submitted as it is.
(function () {
  "use strict";

  var NONE = "未选择客商（库中没有时，在下方填写新客商）";

  function setUp(picker) {
    var select = picker.querySelector("select");
    var ui = picker.querySelector("[data-investor-picker-ui]");
    if (!select || !ui || !select.name) return;
    var search = ui.querySelector("input[type=search]");
    var chosen = ui.querySelector("[data-investor-chosen]");
    var results = ui.querySelector("[data-investor-results]");

    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = select.name;
    hidden.value = select.value;
    hidden.setAttribute("data-investor-id", "");
    picker.insertBefore(hidden, select);
    // The field's <label for> now names the search box.
    var id = select.id;
    select.removeAttribute("name");
    select.id = id + "_select";
    select.disabled = true;
    select.classList.add("d-none");
    search.id = id;
    ui.classList.remove("d-none");

    function show(name) {
      chosen.textContent = name ? "已选：" + name : NONE;
    }
    var option = select.options[select.selectedIndex];
    show(select.value && option ? option.text : "");

    results.addEventListener("click", function (event) {
      var item = event.target.closest("[data-investor-id]");
      if (!item || !results.contains(item)) return;
      hidden.value = item.getAttribute("data-investor-id");
      show(item.getAttribute("data-investor-name"));
      results.innerHTML = "";
      search.value = "";
      search.focus();
    });
    ui.querySelector("[data-investor-clear]").addEventListener("click", function () {
      hidden.value = "";
      show("");
      results.innerHTML = "";
      search.value = "";
      search.focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-investor-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
