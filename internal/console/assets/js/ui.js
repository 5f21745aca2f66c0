// Small DOM helpers: elements, labelled fields, announcements.

// h builds an element: h("button", {type: "submit", onclick}, "Save").
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "value") el.value = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let ids = 0;

// field is a label and its control, tied by id; hint describes it.
export function field(label, control, hint) {
  control.id ||= `f${++ids}`;
  const parts = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintEl = h("p", { class: "hint", id: `${control.id}-hint` }, hint);
    control.setAttribute("aria-describedby", hintEl.id);
    parts.push(hintEl);
  }
  return h("div", { class: "field" }, parts);
}

// announce shows a message in the page's live region, read out by screen
// readers; kind is "ok" or "error".
export function announce(message, kind = "ok") {
  const region = document.getElementById("status");
  region.className = `status ${kind}`;
  region.textContent = message;
  region.dataset.at = Date.now();
}

// guard runs an action, announcing its error instead of throwing; it
// disables the button that started it meanwhile.
export async function guard(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (err) {
    announce(err.type ? `${err.type}: ${err.message}` : err.message, "error");
  } finally {
    if (button) button.disabled = false;
  }
}

// table renders rows under headers; each row is an array of cells.
export function table(caption, headers, rows) {
  return h("table", {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.length ? rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))
      : h("tr", {}, h("td", { colspan: headers.length, class: "empty" }, "None yet."))));
}

// editor is a textarea for code: Tab indents, Shift+Tab dedents, Escape
// then Tab leaves it, as keyboard users expect.
export function editor(value, label) {
  const area = h("textarea", { class: "code", spellcheck: "false", autocapitalize: "off", rows: 18, "aria-label": label }, value);
  area.value = value;
  let escaped = false;
  area.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { escaped = true; return; }
    if (e.key !== "Tab" || escaped) { escaped = false; return; }
    e.preventDefault();
    const { selectionStart: s, selectionEnd: t, value: v } = area;
    if (e.shiftKey) {
      const lineStart = v.lastIndexOf("\n", s - 1) + 1;
      const n = v.slice(lineStart, lineStart + 4).match(/^ */)[0].length;
      area.setRangeText("", lineStart, lineStart + n, "preserve");
      return;
    }
    area.setRangeText("    ", s, t, "end");
  });
  return area;
}

export function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}
