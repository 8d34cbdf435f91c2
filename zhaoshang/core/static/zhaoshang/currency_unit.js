// An amount typed in the unit of the form's currency (core.forms.label_in_currency):
// when the user picks 美元 instead of 人民币, the label "总投资（万元）" becomes
// "总投资（万美元）" at once, so the figure is typed in the right unit.
(function () {
  "use strict";

  var UNIT = { CNY: "万元", USD: "万美元" };

  function setUp(input) {
    var select = document.getElementById(input.getAttribute("data-currency-from"));
    var label = document.querySelector("label[for='" + input.id + "']");
    if (!select || !label) return;
    select.addEventListener("change", function () {
      var unit = UNIT[select.value];
      if (!unit) return;
      label.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) node.textContent = node.textContent.replace(/（万美?元）/, "（" + unit + "）");
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-currency-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
