// The functions list and the form that creates one from a template or a zip.
import { lambda, path, rest, query } from "./client.js";
import { h, field, table, guard, announce } from "./ui.js";
import { writeZip, base64 } from "./zip.js";
import { templates } from "./templates.js";

export async function functionsView() {
  const listed = await lambda("GET", path("2015-03-31", "functions")).catch((err) => {
    if (err.type === "AccessDeniedException") return null;
    throw err;
  });
  if (!listed) return outsiderView();
  const { Functions = [] } = listed;
  const totals = await usageByFunction();
  const rows = await Promise.all(Functions.map(async (f) => {
    const { data } = await rest("virga", "GET", `/console/api/functions/${f.FunctionName}/metrics`).catch(() => ({ data: { samples: [] } }));
    const errors = data.samples.reduce((n, s) => n + s.errors, 0);
    const invocations = data.samples.reduce((n, s) => n + s.invocations, 0);
    return [
      h("a", { href: `#/functions/${encodeURIComponent(f.FunctionName)}` }, f.FunctionName),
      f.State || "Active", f.Runtime || f.PackageType, `${f.MemorySize} MB`,
      new Date(f.LastModified).toLocaleString(),
      String(invocations), String(errors), String(totals[f.FunctionName] ?? 0),
    ];
  }));
  return [
    h("div", { class: "title" }, h("h1", {}, "Functions"), h("a", { class: "button", href: "#/create" }, "Create function")),
    table(`${Functions.length} functions`, ["Name", "State", "Runtime", "Memory", "Last modified", "Invocations (1 h)", "Errors (1 h)", "Invocations (all time)"], rows),
  ];
}

async function usageByFunction() {
  try {
    const { functions = [] } = await lambda("GET", "/_virga/usage");
    return Object.fromEntries(functions.map((l) => [l.function, l.invocations]));
  } catch {
    return {};
  }
}

export async function createView() {
  const name = h("input", { name: "functionName", required: true, pattern: "[A-Za-z0-9_\\-]{1,64}", spellcheck: "false" });
  const template = h("select", { name: "template" },
    Object.entries(templates).map(([id, t]) => h("option", { value: id }, t.label)),
    h("option", { value: "zip" }, "Upload a .zip file"));
  const zipFile = h("input", { type: "file", accept: ".zip,application/zip", name: "zipFile" });
  const runtime = h("input", { name: "runtime", value: "python3.12", required: true });
  const handler = h("input", { name: "handler", value: "lambda_function.handler", required: true });
  const role = h("input", { name: "role", list: "roles", spellcheck: "false" });
  const roles = h("datalist", { id: "roles" }, (await roleARNs()).map((arn) => h("option", { value: arn })));
  const zipFields = h("div", { hidden: true }, field("Zip file", zipFile), field("Runtime", runtime), field("Handler", handler));
  template.addEventListener("change", () => { zipFields.hidden = template.value !== "zip"; });
  const submit = h("button", { type: "submit" }, "Create function");
  const form = h("form", {
    class: "card",
    onsubmit: (e) => {
      e.preventDefault();
      guard(submit, async () => {
        const input = { FunctionName: name.value, Role: role.value || (await createRole(`${name.value}-role`)), Code: {} };
        if (template.value === "zip") {
          if (!zipFile.files[0]) throw new Error("Choose a zip file.");
          input.Code.ZipFile = base64(new Uint8Array(await zipFile.files[0].arrayBuffer()));
          Object.assign(input, { Runtime: runtime.value, Handler: handler.value });
        } else {
          const t = templates[template.value];
          input.Code.ZipFile = base64(writeZip({ [t.file]: t.code }));
          Object.assign(input, { Runtime: t.runtime, Handler: t.handler });
        }
        await lambda("POST", path("2015-03-31", "functions"), { body: input });
        announce(`Created ${name.value}.`);
        location.hash = `#/functions/${encodeURIComponent(name.value)}/code`;
      });
    },
  },
  field("Function name", name, "Letters, digits, hyphens and underscores."),
  field("Start from", template),
  zipFields,
  field("Execution role", role, "A role ARN; empty: a new role, named after the function, that Lambda may assume."), roles,
  submit);
  return [h("h1", {}, "Create function"), form];
}


async function roleARNs() {
  try {
    const doc = await query("iam", { Action: "ListRoles", Version: "2010-05-08" });
    return [...doc.querySelectorAll("Arn")].map((e) => e.textContent);
  } catch {
    return [];
  }
}

const trust = JSON.stringify({ Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });

// createRole makes an execution role Lambda may assume, or finds the one
// made before; it returns its ARN.
async function createRole(roleName) {
  try {
    const doc = await query("iam", { Action: "CreateRole", Version: "2010-05-08", RoleName: roleName, AssumeRolePolicyDocument: trust });
    return doc.querySelector("Arn").textContent;
  } catch (err) {
    if (err.type !== "EntityAlreadyExists") throw err;
    const doc = await query("iam", { Action: "GetRole", Version: "2010-05-08", RoleName: roleName });
    return doc.querySelector("Arn").textContent;
  }
}

// outsiderView is what a key of another account sees: it may list nothing,
// but may open a function whose resource policy lets it in.
function outsiderView() {
  const name = h("input", { name: "functionArn", required: true, spellcheck: "false" });
  const open = h("button", { type: "submit" }, "Open");
  return [
    h("h1", {}, "Functions"),
    h("p", {}, "This key's account may not list the functions; it reaches those whose resource policies admit it."),
    h("form", { class: "card narrow", onsubmit: (e) => {
      e.preventDefault();
      location.hash = `#/functions/${encodeURIComponent(name.value.trim())}`;
    } }, field("Function name or ARN", name), open),
  ];
}
