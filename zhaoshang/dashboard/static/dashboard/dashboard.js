// The dashboard's charts (dashboard.html). A static file, not an inline script,
// because the content security policy forbids inline code. Every chart element
// links to the records behind it: a click opens the URL carried in its data.
// Each chart holder also gets `zsOpen(index)` and a `data-urls` attribute, the
// same targets the clicks use, so tests and keyboard users can reach them.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var charts = [];

  // ECharts puts what a tooltip formatter returns into the page as HTML, and the
  // names come from stored text (an industry, a region): escape every one of them.
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function wan(value) {
    if (value === null || value === undefined) return "—";
    return Number(value).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function open(url) {
    if (url) window.location.assign(url);
  }

  function mount(id, option, urlsOf) {
    var holder = document.getElementById(id);
    if (!holder) return;
    var chart = echarts.init(holder);
    chart.setOption(option);
    holder.setAttribute("data-urls", JSON.stringify(urlsOf.flat ? urlsOf.flat() : urlsOf));
    holder.zsOpen = function (index, series) {
      var urls = Array.isArray(urlsOf[0]) ? urlsOf[series || 0] : urlsOf;
      open(urls[index]);
    };
    chart.on("click", function (params) {
      holder.zsOpen(params.dataIndex, params.seriesIndex);
    });
    charts.push(chart);
  }

  var funnel = data.funnel;
  mount("funnel-chart", {
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var s = funnel[p.dataIndex];
        var drop = s.drop_off === null ? "—" : (s.drop_off * 100).toFixed(1) + "%";
        var days = s.median_days === null ? "—" : s.median_days + "天";
        return escape(s.name) + "：" + s.value + "个<br>流失率 " + drop + "，停留中位 " + days;
      }
    },
    series: [{
      type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "10%", gap: 2,
      label: { show: true, position: "inside", formatter: "{b} {c}" },
      data: funnel.map(function (s) { return { name: s.name, value: s.value }; })
    }]
  }, funnel.map(function (s) { return s.url; }));

  var trend = data.trend;
  mount("trend-chart", {
    tooltip: { trigger: "axis", valueFormatter: wan },
    legend: { data: [trend.this_label, trend.last_label] },
    grid: { left: 60, right: 16, top: 40, bottom: 30 },
    xAxis: { type: "category", data: trend.months },
    yAxis: { type: "value", name: "万元" },
    series: [
      { name: trend.this_label, type: "bar", data: trend.this },
      { name: trend.last_label, type: "line", data: trend.last }
    ]
  }, [trend.this_urls, trend.last_urls]);

  Object.keys(data.breakdowns).forEach(function (name) {
    var items = data.breakdowns[name].items.slice(0, 10).reverse();
    if (!items.length) return;
    mount("breakdown-" + name, {
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var item = items[p.dataIndex];
          return escape(item.name) + "：" + wan(item.contract) + "万元，" + item.count + "个";
        }
      },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: items.map(function (i) { return i.name; }) },
      series: [{ type: "bar", data: items.map(function (i) { return i.contract; }) }]
    }, items.map(function (i) { return i.url; }));
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
