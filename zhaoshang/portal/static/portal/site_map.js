// The sites map (public_sites.html): an ECharts scatter of the sites on a plain
// longitude/latitude grid, so it needs no map service; a click opens the site.
// A static file, not an inline script, because the content security policy
// forbids inline code.
(function () {
  "use strict";
  var holder = document.getElementById("site-map");
  var source = document.getElementById("site-points");
  if (!holder || !source || typeof echarts === "undefined") return;
  var points = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { formatter: function (p) { return p.data.name + "（" + p.data.kind + "）"; } },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "value", scale: true, name: "经度", splitLine: { show: true } },
    yAxis: { type: "value", scale: true, name: "纬度" },
    series: [{ type: "scatter", symbolSize: 16, data: points, label: { show: true, position: "right", formatter: "{b}", fontSize: 10 } }]
  });
  chart.on("click", function (params) { if (params.data && params.data.url) window.location.href = params.data.url; });
  window.addEventListener("resize", function () { chart.resize(); });
})();
