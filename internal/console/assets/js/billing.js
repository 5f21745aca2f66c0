// Billing: what `virga usage` prints, priced at AWS's x86 list prices.
import { lambda } from "./client.js";
import { h, field, table } from "./ui.js";

const prices = { requestsPerMillion: 0.2, gbSecond: 0.0000166667 };

export async function billingView() {
  const since = h("select", { name: "since" },
    [["", "All time"], ["3600000", "Last hour"], ["86400000", "Last 24 hours"], ["604800000", "Last 7 days"]]
      .map(([v, label]) => h("option", { value: v }, label)));
  const holder = h("div", {});
  const load = async () => {
    const query = since.value ? { since: String(Date.now() - Number(since.value)) } : {};
    const { functions = [] } = await lambda("GET", "/_virga/usage", { query });
    const cost = (l) => (l.invocations / 1e6) * prices.requestsPerMillion + l.gbSeconds * prices.gbSecond;
    const total = functions.reduce((t, l) => ({ invocations: t.invocations + l.invocations, billedMs: t.billedMs + l.billedMs, gbSeconds: t.gbSeconds + l.gbSeconds }),
      { invocations: 0, billedMs: 0, gbSeconds: 0 });
    const row = (label, l) => [label, String(l.invocations), String(l.billedMs), l.gbSeconds.toFixed(6), `$${cost(l).toFixed(8)}`];
    holder.replaceChildren(table("Usage by function", ["Function", "Invocations", "Billed ms", "GB-seconds", "Cost (USD)"],
      [...functions.map((l) => row(l.function, l)), row("Total", total)]));
  };
  since.addEventListener("change", load);
  await load();
  return [h("h1", {}, "Billing"),
    h("p", {}, "What the functions were billed, as ", h("code", {}, "virga usage"), " reports it, priced at AWS Lambda's x86 list prices ($0.20 per million requests, $0.0000166667 per GB-second)."),
    field("Period", since), holder];
}
