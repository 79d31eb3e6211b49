/* The statistics page's charts (Apache ECharts, vendored). Data comes from the page's
 * json_script element; no inline script, so the page works under a strict CSP.
 * Clicking a bar, slice or point opens the list behind it (the point's url). */
(function () {
  "use strict";
  var source = document.getElementById("cockpit-data");
  if (!source || typeof echarts === "undefined") { return; }
  var figures = JSON.parse(source.textContent);
  var charts = [];

  function seriesData(series) {
    return series.points.map(function (p) { return { name: p.label, value: p.value, url: p.url }; });
  }

  function optionFor(figure) {
    var first = figure.series[0] || { points: [] };
    var base = {
      aria: { enabled: true, label: { description: figure.description } },
      tooltip: { trigger: figure.chart === "pie" ? "item" : "axis", confine: true },
      animation: false
    };
    if (figure.chart === "pie") {
      base.legend = { type: "scroll", bottom: 0 };
      base.series = [{ type: "pie", radius: ["35%", "65%"], data: seriesData(first),
                       label: { formatter: "{b}：{c}" } }];
      return base;
    }
    base.legend = figure.series.length > 1 ? { top: 0 } : undefined;
    base.grid = { left: 8, right: 16, top: figure.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: first.points.map(function (p) { return p.label; }),
                   axisLabel: { interval: 0, rotate: first.points.length > 6 ? 30 : 0, width: 96, overflow: "truncate" } };
    base.yAxis = { type: "value", minInterval: 1 };
    base.series = figure.series.map(function (s) {
      return { name: s.name, type: figure.chart, data: seriesData(s), label: { show: figure.chart === "bar", position: "top" } };
    });
    return base;
  }

  document.querySelectorAll(".cockpit-chart[data-figure]").forEach(function (element) {
    var figure = figures[element.dataset.figure];
    if (!figure) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(optionFor(figure));
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.assign(params.data.url); }
    });
    element.dataset.ready = "1";
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
