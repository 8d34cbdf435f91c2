// The chain map (chains/chain_map.html): an ECharts tree of the links, each node
// coloured by its state; a click loads the link's drill-down (its enterprises,
// projects and targets) into the panel beside it through htmx. A static file
// because the content security policy forbids inline code.
(function () {
  "use strict";
  var holder = document.getElementById("chain-map");
  var source = document.getElementById("chain-tree");
  if (!holder || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "item", formatter: function (p) { return p.data.name + "：" + p.data.state; } },
    series: [{
      type: "tree",
      data: [data],
      top: 20, left: 80, bottom: 20, right: 120,
      symbolSize: 14,
      initialTreeDepth: -1,
      expandAndCollapse: false,
      label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 12 },
      leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } }
    }]
  });
  chart.on("click", function (params) {
    if (!params.data || !params.data.url) return;
    if (window.htmx) {
      window.htmx.ajax("GET", params.data.url, { target: "#drill", swap: "innerHTML" });
    } else {
      window.location.href = params.data.url;
    }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
