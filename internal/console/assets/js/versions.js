// Versions and aliases: publish a version, point an alias at one, and split
// its traffic with a second version by a weight slider.
import { lambda, path } from "./client.js";
import { h, field, table, guard, announce } from "./ui.js";

export async function versionsTab(fn) {
  const name = fn.Configuration.FunctionName;
  const [{ Versions = [] }, { Aliases = [] }] = await Promise.all([
    lambda("GET", path("2015-03-31", "functions", name, "versions")),
    lambda("GET", path("2015-03-31", "functions", name, "aliases")),
  ]);
  const numbered = Versions.filter((v) => v.Version !== "$LATEST");
  const description = h("input", { name: "versionDescription" });
  const publish = h("button", { type: "submit" }, "Publish new version");
  const publishForm = h("form", { class: "card", onsubmit: (e) => {
    e.preventDefault();
    guard(publish, async () => {
      const v = await lambda("POST", path("2015-03-31", "functions", name, "versions"), { body: { Description: description.value } });
      announce(`Published version ${v.Version}.`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
  } }, h("h2", {}, "Publish"), field("Version description", description), publish);
  return [
    publishForm,
    table("Versions", ["Version", "Description", "Last modified", "Code SHA-256"],
      Versions.map((v) => [v.Version, v.Description || "", new Date(v.LastModified).toLocaleString(), h("code", {}, v.CodeSha256.slice(0, 12))])),
    aliasesSection(name, Aliases, numbered.map((v) => v.Version)),
  ];
}

function versionSelect(name, versions, selected) {
  return h("select", { name }, ["$LATEST", ...versions].map((v) => h("option", { value: v, selected: v === selected }, v)));
}

function aliasesSection(name, aliases, versions) {
  return h("section", { "aria-label": "Aliases" }, h("h2", {}, "Aliases"),
    aliases.map((a) => aliasForm(name, a, versions)),
    aliasForm(name, null, versions));
}

// aliasForm edits one alias, or creates one when alias is null. The slider
// sends a share of the traffic to a second version (RoutingConfig).
function aliasForm(fnName, alias, versions) {
  const weights = alias?.RoutingConfig?.AdditionalVersionWeights || {};
  const [extraVersion, extraWeight] = Object.entries(weights)[0] || ["", 0];
  const aliasName = h("input", { name: "aliasName", value: alias?.Name || "", required: true, readonly: !!alias, pattern: "[A-Za-z0-9_\\-]+" });
  const primary = versionSelect("primary", versions, alias?.FunctionVersion || versions[versions.length - 1]);
  const second = h("select", { name: "secondVersion" }, h("option", { value: "" }, "(none)"),
    versions.map((v) => h("option", { value: v, selected: v === extraVersion }, v)));
  const weight = h("input", { type: "range", name: "weight", min: 0, max: 100, step: 1, value: Math.round(extraWeight * 100) });
  const shown = h("output", { "aria-live": "polite" }, "");
  const show = () => {
    const w = Number(weight.value);
    shown.textContent = `${100 - w}% to the primary version, ${w}% to the second`;
    weight.setAttribute("aria-valuetext", `${w} percent to the second version`);
  };
  weight.addEventListener("input", show);
  show();
  const save = h("button", { type: "submit" }, alias ? "Save alias" : "Create alias");
  return h("form", { class: "card alias", "data-alias": alias?.Name || "", onsubmit: (e) => {
    e.preventDefault();
    guard(save, async () => {
      const w = Number(weight.value) / 100;
      const routing = second.value && w > 0 ? { AdditionalVersionWeights: { [second.value]: w } } : { AdditionalVersionWeights: {} };
      const body = { FunctionVersion: primary.value, RoutingConfig: routing };
      if (alias) await lambda("PUT", path("2015-03-31", "functions", fnName, "aliases", alias.Name), { body });
      else await lambda("POST", path("2015-03-31", "functions", fnName, "aliases"), { body: { ...body, Name: aliasName.value } });
      announce(`Saved alias ${aliasName.value}: ${shown.textContent}.`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
  } },
  h("h3", {}, alias ? `Alias ${alias.Name}` : "New alias"),
  h("div", { class: "grid2" }, field("Alias name", aliasName), field("Primary version", primary)),
  h("div", { class: "grid2" }, field("Second version", second), field("Weight of the second version (%)", weight)),
  shown, h("div", {}, save));
}
