// The monitor tab: charts of the function's last hour, from the samples
// the server keeps every ten seconds, redrawn every five.
import { consoleApi } from "./client.js";
import { h, guard } from "./ui.js";
import { chart } from "./chart.js";

const charts = [
  ["Invocations", [{ key: "invocations", label: "invocations", className: "a" }]],
  ["Errors and throttles", [{ key: "errors", label: "errors", className: "b" }, { key: "throttles", label: "throttles", className: "c" }]],
  ["Duration", [{ key: "durationP50", label: "p50", className: "a" }, { key: "durationP99", label: "p99", className: "b" }], { unit: " ms", peak: true }],
  ["Cold starts", [{ key: "coldStarts", label: "cold starts", className: "c" }]],
  ["Concurrency", [{ key: "concurrency", label: "running", className: "a" }], { peak: true }],
];

export async function monitorTab(fn) {
  const name = fn.Configuration.FunctionName;
  const grid = h("div", { class: "charts" });
  const draw = async () => {
    const { samples } = await consoleApi("GET", `/functions/${name}/metrics`);
    grid.replaceChildren(...charts.map(([title, lines, options]) => chart(title, samples, lines, options)));
  };
  await guard(null, draw);
  const timer = setInterval(() => (grid.isConnected ? guard(null, draw) : clearInterval(timer)), 5000);
  return [h("p", { class: "hint" }, "The last hour in ten-second steps, all versions together; redrawn every five seconds."), grid];
}
