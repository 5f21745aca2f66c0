// The configuration tab: memory, timeout, environment, layers,
// concurrency and tags.
import { lambda, path } from "./client.js";
import { h, field, guard, announce } from "./ui.js";
import { waitUpdated } from "./code.js";

// pairs reads KEY=VALUE lines; format writes them.
export function pairs(text) {
  const out = {};
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const i = t.indexOf("=");
    if (i < 1) throw new Error(`"${t}" is not KEY=VALUE.`);
    out[t.slice(0, i).trim()] = t.slice(i + 1);
  }
  return out;
}

const format = (obj = {}) => Object.entries(obj).map(([k, v]) => `${k}=${v}`).join("\n");

export async function configTab(fn) {
  const c = fn.Configuration;
  const name = c.FunctionName;
  const { Tags = {} } = await lambda("GET", path("2017-03-31", "tags", c.FunctionArn));
  const memory = h("input", { type: "number", min: 128, max: 10240, step: 1, value: c.MemorySize, name: "memory" });
  const timeout = h("input", { type: "number", min: 1, max: 900, value: c.Timeout, name: "timeout" });
  const description = h("input", { value: c.Description || "", name: "description" });
  const env = h("textarea", { rows: 4, name: "environment", spellcheck: "false" });
  env.value = format(c.Environment?.Variables);
  const layers = h("textarea", { rows: 2, name: "layers", spellcheck: "false" });
  layers.value = (c.Layers || []).map((l) => l.Arn).join("\n");
  const save = h("button", { type: "submit" }, "Save configuration");
  const general = h("form", { class: "card", onsubmit: (e) => {
    e.preventDefault();
    guard(save, async () => {
      await lambda("PUT", path("2015-03-31", "functions", name, "configuration"), { body: {
        MemorySize: Number(memory.value), Timeout: Number(timeout.value), Description: description.value,
        Environment: { Variables: pairs(env.value) }, Layers: layers.value.split("\n").map((s) => s.trim()).filter(Boolean),
      } });
      await waitUpdated(name);
      announce("Saved the configuration.");
    });
  } },
  h("h2", {}, "General"),
  h("div", { class: "grid2" }, field("Memory (MB)", memory), field("Timeout (seconds)", timeout)),
  field("Description", description),
  field("Environment variables", env, "One KEY=VALUE a line. Stored encrypted."),
  field("Layers", layers, "One layer version ARN a line."),
  save);
  return [general, concurrencyForm(name, fn.Concurrency?.ReservedConcurrentExecutions), tagsForm(c.FunctionArn, Tags)];
}

function concurrencyForm(name, reserved) {
  const input = h("input", { type: "number", min: 0, name: "reserved", value: reserved ?? "" });
  const save = h("button", { type: "submit" }, "Save concurrency");
  return h("form", { class: "card", onsubmit: (e) => {
    e.preventDefault();
    guard(save, async () => {
      const p = path("2017-10-31", "functions", name, "concurrency");
      if (input.value === "") await lambda("DELETE", p);
      else await lambda("PUT", p, { body: { ReservedConcurrentExecutions: Number(input.value) } });
      announce("Saved the concurrency.");
    });
  } }, h("h2", {}, "Concurrency"), field("Reserved concurrency", input, "Empty: the account's unreserved pool."), save);
}

function tagsForm(arn, tags) {
  const area = h("textarea", { rows: 3, name: "tags", spellcheck: "false" });
  area.value = format(tags);
  const save = h("button", { type: "submit" }, "Save tags");
  return h("form", { class: "card", onsubmit: (e) => {
    e.preventDefault();
    guard(save, async () => {
      const next = pairs(area.value);
      const p = path("2017-03-31", "tags", arn);
      for (const k of Object.keys(tags)) if (!(k in next)) await lambda("DELETE", p, { query: { tagKeys: k } });
      if (Object.keys(next).length) await lambda("POST", p, { body: { Tags: next } });
      tags = next;
      announce("Saved the tags.");
    });
  } }, h("h2", {}, "Tags"), field("Tags", area, "One KEY=VALUE a line."), save);
}
