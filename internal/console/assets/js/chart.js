// Line charts drawn as SVG by hand: one per metric, time across.
import { h } from "./ui.js";

const ns = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

const width = 460;
const height = 160;
const pad = { left: 44, right: 8, top: 10, bottom: 22 };

// chart draws lines, [{label, key, className}], over samples; the note
// under it sums counts over the window, or gives the peak of the others.
export function chart(title, samples, lines, { unit = "", peak = false } = {}) {
  const values = samples.flatMap((s) => lines.map((l) => s[l.key]));
  const top = Math.max(1, ...values);
  const x = (i) => pad.left + (i / Math.max(1, samples.length - 1)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);
  const latest = samples.length ? samples[samples.length - 1] : {};
  const summary = lines.map((l) => `${l.label} ${fmt(latest[l.key] ?? 0)}${unit}`).join(", ");
  const over = (l) => samples.reduce((n, s) => (peak ? Math.max(n, s[l.key]) : n + s[l.key]), 0);
  const note = `${peak ? "Peak" : "Window total"}: ` + lines.map((l) => `${l.label} ${fmt(over(l))}${unit}`).join(", ");
  const figure = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${title}: last step ${summary}` },
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: "axis" }),
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(top), y2: y(top), class: "grid" }),
    svg("text", { x: pad.left - 4, y: y(top) + 4, class: "tick", "text-anchor": "end" }, fmt(top) + unit),
    svg("text", { x: pad.left - 4, y: y(0) + 4, class: "tick", "text-anchor": "end" }, "0"),
    svg("text", { x: pad.left, y: height - 4, class: "tick" }, clock(samples[0]?.time)),
    svg("text", { x: width - pad.right, y: height - 4, class: "tick", "text-anchor": "end" }, "now"),
    ...lines.map((l) => svg("polyline", {
      class: `line ${l.className}`, fill: "none",
      points: samples.map((s, i) => `${x(i).toFixed(1)},${y(s[l.key]).toFixed(1)}`).join(" "),
    })));
  return h("figure", { class: "chart", "data-metric": lines.map((l) => l.key).join(" ") },
    h("figcaption", {}, h("strong", {}, title), " ",
      h("span", { class: "legend" }, lines.map((l) => h("span", { class: `key ${l.className}` }, l.label)))),
    figure,
    h("p", { class: "hint" }, note));
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 0);
}

function clock(ms) {
  return ms ? new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}
