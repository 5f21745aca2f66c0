// The code tab: the function's files, read from its zip; a single-file
// function's code is edited here, and saving deploys it.
import { lambda, path } from "./client.js";
import { h, guard, announce, editor, formatBytes } from "./ui.js";
import { readZip, writeZip, base64 } from "./zip.js";

const editable = /\.(py|mjs|cjs|js|ts|rb|json|txt|sh)$/;

export async function codeTab(fn) {
  const name = fn.Configuration.FunctionName;
  if (fn.Configuration.PackageType === "Image") return [h("p", {}, "Image functions have no code to edit here.")];
  const files = await readZip(await (await fetch(fn.Code.Location, { credentials: "omit" })).arrayBuffer());
  const names = Object.keys(files);
  const source = names.find((n) => editable.test(n) && handlerFile(fn.Configuration.Handler, n)) || names.find((n) => editable.test(n));
  const list = h("ul", { class: "files" }, names.map((n) => h("li", {}, h("code", {}, n), ` ${formatBytes(files[n].length)}`)));
  if (!source || names.length > 20) {
    return [h("p", {}, "This function's package has several files; upload a new zip to change it."), list];
  }
  const area = editor(new TextDecoder().decode(files[source]), `Code of ${source}`);
  const save = h("button", {
    onclick: () => guard(save, async () => {
      files[source] = new TextEncoder().encode(area.value);
      await lambda("PUT", path("2015-03-31", "functions", name, "code"), { body: { ZipFile: base64(writeZip(files)) } });
      await waitUpdated(name);
      announce(`Deployed ${source}.`);
    }),
  }, "Save and deploy");
  return [
    h("h2", {}, source),
    area,
    h("div", { class: "actions" }, save, h("span", { class: "hint" }, "Tab indents; Escape, then Tab, moves on.")),
    h("h3", {}, "Package"), list,
  ];
}

function handlerFile(handler, file) {
  const module = (handler || "").split(".").slice(0, -1).join(".");
  return module && file.replace(/\.[^.]+$/, "") === module;
}

// waitUpdated waits until the last update is done, as the SDK waiters do.
export async function waitUpdated(name) {
  for (let i = 0; i < 60; i++) {
    const c = await lambda("GET", path("2015-03-31", "functions", name, "configuration"));
    if (c.LastUpdateStatus !== "InProgress" && c.State !== "Pending") return c;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The function is still updating.");
}
