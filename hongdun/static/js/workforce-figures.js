// Draws the ECharts options the server computed (json_script "figure-charts") into [data-chart] boxes.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("figure-charts");
    if (!source || typeof echarts === "undefined") { return; }
    var options = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var option = options[box.getAttribute("data-chart")];
      if (!option) { return; }
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option);
      box.setAttribute("data-chart-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
