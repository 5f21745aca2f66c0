// One function's page: its tabs, each a view of its own.
import { lambda, path } from "./client.js";
import { h } from "./ui.js";
import { codeTab } from "./code.js";
import { testTab } from "./test.js";
import { configTab } from "./config.js";
import { versionsTab } from "./versions.js";
import { triggersTab } from "./triggers.js";
import { logsTab } from "./logs.js";
import { monitorTab } from "./monitor.js";

const tabs = [
  ["code", "Code", codeTab], ["test", "Test", testTab], ["monitor", "Monitor", monitorTab], ["logs", "Logs", logsTab],
  ["config", "Configuration", configTab], ["versions", "Versions and aliases", versionsTab], ["triggers", "Triggers", triggersTab],
];

export async function functionView(name, tab) {
  const fn = await lambda("GET", path("2015-03-31", "functions", name));
  const current = tabs.find(([id]) => id === tab) || tabs[0];
  const c = fn.Configuration;
  return [
    h("p", { class: "crumbs" }, h("a", { href: "#/functions" }, "Functions"), " / ", name),
    h("h1", {}, name),
    h("p", { class: "meta" }, `${c.Runtime || c.PackageType} · ${c.MemorySize} MB · timeout ${c.Timeout} s · ${c.State || "Active"} · `,
      h("code", {}, c.FunctionArn)),
    h("nav", { class: "tabs", "aria-label": "Function" }, h("ul", {}, tabs.map(([id, label]) =>
      h("li", {}, h("a", { href: `#/functions/${encodeURIComponent(name)}/${id}`, "aria-current": id === current[0] ? "page" : false }, label))))),
    h("section", { class: "tab", "aria-label": current[1] }, await current[2](fn)),
  ];
}
