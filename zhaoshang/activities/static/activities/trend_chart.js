// The activity-index trend of one unit (index_unit.html). A static file, not an
// inline script, because the content security policy forbids inline code.
(function () {
  "use strict";
  var holder = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["活跃指数", "排名"] },
    grid: { left: 40, right: 40, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.weeks },
    yAxis: [
      { type: "value", name: "指数", min: 0, max: 100 },
      { type: "value", name: "排名", inverse: true, minInterval: 1, min: 1 }
    ],
    series: [
      { name: "活跃指数", type: "line", data: data.scores, smooth: true },
      { name: "排名", type: "line", yAxisIndex: 1, data: data.ranks, lineStyle: { type: "dashed" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
