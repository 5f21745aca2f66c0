// The console's shell: sign-in, navigation and the router, which maps the
// location's fragment (#/functions/f/code) to a view.
import { credentials, signIn, signOut, query } from "./client.js";
import { h, field, announce, guard } from "./ui.js";
import { functionsView, createView } from "./functions.js";
import { functionView } from "./function.js";
import { billingView } from "./billing.js";

const main = () => document.getElementById("main");

function render(title, ...content) {
  document.title = `${title} · Virga console`;
  const m = main();
  m.replaceChildren(...content);
  const heading = m.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function signInView() {
  const key = h("input", { name: "accessKeyId", autocomplete: "username", required: true, spellcheck: "false" });
  const secret = h("input", { name: "secretAccessKey", type: "password", autocomplete: "current-password", required: true });
  const token = h("input", { name: "sessionToken", autocomplete: "off" });
  const region = h("input", { name: "region", value: "us-east-1", required: true });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h("form", {
    class: "card narrow",
    onsubmit: (e) => {
      e.preventDefault();
      guard(submit, async () => {
        const creds = { accessKeyId: key.value.trim(), secretAccessKey: secret.value.trim(), region: region.value.trim() };
        if (token.value.trim()) creds.sessionToken = token.value.trim();
        signIn(creds);
        try {
          const doc = await query("sts", { Action: "GetCallerIdentity", Version: "2011-06-15" });
          creds.account = doc.querySelector("Account")?.textContent || "";
          creds.arn = doc.querySelector("Arn")?.textContent || "";
          signIn(creds);
        } catch (err) {
          signOut();
          throw err;
        }
        announce(`Signed in as ${creds.arn}.`);
        location.hash = "#/functions";
      });
    },
  },
  field("Access key ID", key),
  field("Secret access key", secret, "Kept in this tab's session storage only; every request is signed in the page."),
  field("Session token (temporary credentials only)", token),
  field("Region", region),
  submit);
  return [h("h1", {}, "Sign in"),
    h("p", {}, "Sign in with an access key: the administrator's (",
      h("code", {}, "virga env"), " prints it) or one made by ", h("code", {}, "virga accounts add"), "."),
    form];
}

function nav() {
  const creds = credentials();
  const links = [["#/functions", "Functions"], ["#/billing", "Billing"]];
  const here = location.hash || "#/functions";
  return h("nav", { "aria-label": "Main" },
    h("a", { href: "#/functions", class: "brand" }, "Virga"),
    creds ? h("ul", {}, links.map(([href, text]) => h("li", {}, h("a", { href, "aria-current": here.startsWith(href) ? "page" : false }, text)))) : h("span", { class: "spacer" }),
    creds ? h("span", { class: "who" }, creds.arn || creds.accessKeyId) : null,
    creds ? h("button", { class: "link", onclick: () => { signOut(); location.hash = "#/signin"; } }, "Sign out") : null);
}

async function route() {
  const status = document.getElementById("status");
  if (Date.now() - (status.dataset.at || 0) > 3000) status.replaceChildren();
  document.getElementById("nav").replaceChildren(nav());
  const parts = (location.hash.replace(/^#\/?/, "") || "functions").split("/").map(decodeURIComponent);
  if (!credentials() || parts[0] === "signin") return render("Sign in", ...signInView());
  try {
    if (parts[0] === "create") return render("Create function", ...(await createView()));
    if (parts[0] === "billing") return render("Billing", ...(await billingView()));
    if (parts[0] === "functions" && parts[1]) {
      return render(parts[1], ...(await functionView(parts[1], parts[2] || "code")));
    }
    return render("Functions", ...(await functionsView()));
  } catch (err) {
    render("Error", h("h1", {}, "Something went wrong"), h("p", { class: "status error" }, `${err.type || "Error"}: ${err.message}`));
  }
}

// The skip link moves focus without touching the fragment, which routes.
document.querySelector(".skip").addEventListener("click", (e) => {
  e.preventDefault();
  main().focus();
});

window.addEventListener("hashchange", route);
route();
