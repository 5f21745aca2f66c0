// The logs tab: a live tail of the function's log group, filtered by a
// CloudWatch Logs filter pattern, polled while the tab is open.
import { target } from "./client.js";
import { h, field, guard } from "./ui.js";

export async function logsTab(fn) {
  const group = `/aws/lambda/${fn.Configuration.FunctionName}`;
  const pattern = h("input", { type: "search", name: "filterPattern", placeholder: 'ERROR or "exact phrase"', spellcheck: "false" });
  const live = h("input", { type: "checkbox", name: "live", checked: true });
  const out = h("pre", { class: "output logs tail", tabindex: 0, "aria-label": "Log events", "aria-live": "off" });
  let seen = new Set();
  let since = Date.now() - 60 * 60 * 1000;
  const poll = async () => {
    const input = { logGroupName: group, startTime: since, limit: 500 };
    if (pattern.value.trim()) input.filterPattern = pattern.value.trim();
    let next;
    do {
      const page = await target("logs", "Logs_20140328.FilterLogEvents", { ...input, ...(next ? { nextToken: next } : {}) })
        .catch((err) => (err.type === "ResourceNotFoundException" ? { events: [] } : Promise.reject(err)));
      for (const e of page.events || []) {
        if (seen.has(e.eventId)) continue;
        seen.add(e.eventId);
        since = Math.max(since, e.timestamp - 5000);
        out.append(h("span", { class: "event" }, h("time", {}, new Date(e.timestamp).toLocaleTimeString()), " ", e.message.trimEnd(), "\n"));
      }
      next = page.nextToken;
    } while (next);
    if (live.checked) out.scrollTop = out.scrollHeight;
  };
  const search = h("button", { type: "submit" }, "Search");
  const form = h("form", { class: "row", onsubmit: (e) => {
    e.preventDefault();
    seen = new Set();
    since = Date.now() - 60 * 60 * 1000;
    out.replaceChildren();
    guard(search, poll);
  } }, field("Filter pattern", pattern), search, h("label", { class: "check" }, live, " Live tail"));
  await guard(null, poll);
  const timer = setInterval(() => {
    if (!out.isConnected) return clearInterval(timer);
    if (live.checked) guard(null, poll);
  }, 2000);
  return [form, h("p", { class: "hint" }, `Log group ${group}, the last hour.`), out];
}
