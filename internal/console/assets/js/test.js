// The test tab: saved test events, sample events of every trigger, and an
// invoke that shows the result, its durations and the log tail.
import { send, rest, path, consoleApi } from "./client.js";
import { h, field, guard, announce, editor } from "./ui.js";

export async function testTab(fn) {
  const name = fn.Configuration.FunctionName;
  const [{ events }, { sources }] = await Promise.all([
    consoleApi("GET", `/functions/${name}/events`), consoleApi("GET", "/samples"),
  ]);
  const saved = h("select", { name: "saved" }, h("option", { value: "" }, "(new event)"),
    events.map((e) => h("option", { value: e.name }, e.name)));
  const sample = h("select", { name: "sample" }, h("option", { value: "" }, "(choose a trigger)"),
    sources.map((s) => h("option", { value: s }, s)));
  const eventName = h("input", { name: "eventName", pattern: "[A-Za-z0-9._\\-]{1,25}", spellcheck: "false" });
  const qualifier = h("input", { name: "qualifier", placeholder: "$LATEST", spellcheck: "false" });
  const area = editor('{\n  "key": "value"\n}\n', "Event JSON");
  const result = h("div", { class: "result", "aria-live": "polite" });

  saved.addEventListener("change", () => {
    const e = events.find((x) => x.name === saved.value);
    eventName.value = e ? e.name : "";
    if (e) area.value = JSON.stringify(e.event, null, 2);
  });
  sample.addEventListener("change", () => guard(null, async () => {
    if (!sample.value) return;
    const { data } = await rest("virga", "GET", `/console/api/samples/${sample.value}`);
    area.value = JSON.stringify(data, null, 2);
    eventName.value ||= sample.value;
  }));
  const parsed = () => {
    try {
      return JSON.parse(area.value);
    } catch (err) {
      throw new Error(`The event is not JSON: ${err.message}`);
    }
  };
  const save = h("button", { type: "button", class: "secondary", onclick: () => guard(save, async () => {
    if (!eventName.value) throw new Error("Name the event to save it.");
    await consoleApi("PUT", `/functions/${name}/events/${eventName.value}`, parsed());
    if (![...saved.options].some((o) => o.value === eventName.value)) saved.append(h("option", { value: eventName.value }, eventName.value));
    const i = events.findIndex((e) => e.name === eventName.value);
    if (i >= 0) events.splice(i, 1);
    events.push({ name: eventName.value, event: parsed() });
    saved.value = eventName.value;
    announce(`Saved test event ${eventName.value}.`);
  }) }, "Save event");
  const remove = h("button", { type: "button", class: "secondary", onclick: () => guard(remove, async () => {
    if (!saved.value) throw new Error("Choose a saved event to delete.");
    await consoleApi("DELETE", `/functions/${name}/events/${saved.value}`);
    saved.querySelector(`option[value="${CSS.escape(saved.value)}"]`).remove();
    announce("Deleted the test event.");
  }) }, "Delete event");
  const run = h("button", { type: "button", onclick: () => guard(run, async () => {
    result.replaceChildren(await invoke(name, qualifier.value, JSON.stringify(parsed())));
  }) }, "Invoke");
  return [
    h("div", { class: "grid2" },
      field("Saved test events", saved), field("Sample event of a trigger", sample),
      field("Event name", eventName, "Saved events are kept on the server, per function and account."),
      field("Version or alias", qualifier)),
    field("Event", area),
    h("div", { class: "actions" }, run, save, remove),
    result,
  ];
}

// invoke runs the function and renders what came back.
async function invoke(name, qualifier, payload) {
  const query = qualifier ? { Qualifier: qualifier } : {};
  const started = performance.now();
  const response = await send("lambda", {
    method: "POST", path: path("2015-03-31", "functions", name, "invocations"), query,
    headers: { "content-type": "application/json", "x-amz-log-type": "Tail" }, body: payload,
  });
  const body = await response.text();
  const elapsed = performance.now() - started;
  const logs = decodeLog(response.headers.get("x-amz-log-result"));
  const report = parseReport(logs);
  const failed = response.headers.get("x-amz-function-error");
  return h("div", { class: `card ${failed ? "failed" : "succeeded"}` },
    h("h2", {}, failed ? `Failed: ${failed}` : "Succeeded"),
    h("dl", { class: "report" },
      [["Duration", report.duration], ["Billed duration", report.billed], ["Memory used", report.memoryUsed],
        ["Memory size", report.memorySize], ["Init duration", report.init], ["Round trip", `${elapsed.toFixed(0)} ms`],
        ["Executed version", response.headers.get("x-amz-executed-version")]]
        .filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h("h3", {}, "Result"), h("pre", { class: "output", tabindex: 0 }, pretty(body)),
    h("h3", {}, "Log tail"), h("pre", { class: "output logs", tabindex: 0 }, logs || "(no log output)"));
}

function decodeLog(b64) {
  if (!b64) return "";
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

// parseReport reads the REPORT line's fields.
export function parseReport(text) {
  const line = text.split("\n").find((l) => l.startsWith("REPORT")) || "";
  const get = (label) => line.match(new RegExp(`${label}: ([\\d.]+ \\w+)`))?.[1];
  return {
    duration: get("(?<!Billed |Init )Duration"), billed: get("Billed Duration"), init: get("Init Duration"),
    memorySize: get("Memory Size"), memoryUsed: get("Max Memory Used"),
  };
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
