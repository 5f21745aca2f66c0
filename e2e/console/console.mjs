// Drives the Virga console in a real browser against a running server:
// sign in, create a function from the Python template, edit and deploy its
// code, run a saved test event, read the logs, watch a chart update,
// publish versions, split an alias's traffic, add and remove triggers, read billing.
// e2e/console_test.go runs it; screenshots of every page go to
// $VIRGA_ARTIFACTS.
import { chromium, firefox } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const endpoint = process.env.VIRGA_ENDPOINT;
const key = process.env.VIRGA_ACCESS_KEY_ID;
const secret = process.env.VIRGA_SECRET_ACCESS_KEY;
const artifacts = process.env.VIRGA_ARTIFACTS;
const browserName = process.env.VIRGA_BROWSER || "chromium";
const executablePath = process.env.VIRGA_BROWSER_PATH || "/usr/bin/chromium";
const fn = "console-py";
mkdirSync(artifacts, { recursive: true });

const step = (msg) => console.log(`[${new Date().toISOString()}] ${msg}`);
let shot = 0;
let current; // the page a failure is shown on
async function screenshot(page, name) {
  const file = join(artifacts, `${browserName}-${String(++shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, caret: "initial" }); // hiding the caret takes an inline style, which the CSP refuses
  step(`screenshot ${file}`);
}

async function launch() {
  // Debian's Firefox ESR is driven over WebDriver BiDi (the "moz-" channel):
  // Playwright's own protocol needs its patched build.
  if (browserName === "firefox") return firefox.launch({ executablePath, headless: true, channel: "moz-firefox" });
  return chromium.launch({
    executablePath, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

async function signIn(page, id = key, secretKey = secret) {
  await page.goto(`${endpoint}/console/`);
  await page.getByLabel("Access key ID").fill(id);
  await page.getByLabel("Secret access key").fill(secretKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Functions", level: 1 }).waitFor();
}

async function status(page, text) {
  await page.locator("#status.ok", { hasText: text }).waitFor();
}

async function tab(page, name) {
  await page.getByRole("navigation", { name: "Function" }).getByRole("link", { name, exact: true }).click();
  await page.locator(`.tabs a[aria-current="page"]`, { hasText: name }).waitFor();
}

// replace types value over a field's text as a user would (Playwright's
// fill does not empty a number field in Firefox over BiDi).
async function replace(field, value) {
  await field.focus();
  await field.press("ControlOrMeta+a");
  await field.press("Backspace");
  await field.pressSequentially(value);
  const got = await field.inputValue();
  if (got !== value) throw new Error(`the field holds ${JSON.stringify(got)}, not ${JSON.stringify(value)}`);
}

const edited = `import json


def handler(event, context):
    print("console-marker", json.dumps(event))
    return {"edited": True, "got": event}
`;

async function main() {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  current = page;
  const failures = [];
  page.on("pageerror", (err) => {
    // Over BiDi, Playwright's screenshot adds a <style> to the page, which
    // the console's CSP refuses, as it should.
    if (browserName === "firefox" && /blocked an inline style/.test(err.message)) return;
    failures.push(`page error: ${err.message}`);
  });
  page.on("console", (m) => m.type() === "error" && failures.push(`console error: ${m.text()}`));
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on("request", (r) => { if (!r.url().startsWith(endpoint)) failures.push(`external fetch: ${r.url()}`); });

  step("sign in");
  await page.goto(`${endpoint}/console/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await screenshot(page, "signin");
  await signIn(page);
  await screenshot(page, "functions-empty");

  step("create from the Python template");
  await page.getByRole("link", { name: "Create function" }).click();
  await page.getByLabel("Function name").fill(fn);
  await page.getByLabel("Start from").selectOption("python");
  await screenshot(page, "create");
  await page.getByRole("button", { name: "Create function" }).click();
  const code = page.getByLabel("Code of lambda_function.py");
  await code.waitFor();

  step("edit the code and deploy");
  await code.fill(edited);
  await screenshot(page, "code");
  await page.getByRole("button", { name: "Save and deploy" }).click();
  await status(page, "Deployed lambda_function.py");

  step("save a test event and invoke it");
  await tab(page, "Test");
  await page.getByLabel("Sample event of a trigger").selectOption("sqs");
  await page.waitForFunction(() => document.querySelector("textarea.code").value.includes("Records"));
  await page.getByLabel("Event JSON").fill('{"hello": "console"}');
  await page.getByLabel("Event name").fill("hello");
  await page.getByRole("button", { name: "Save event" }).click();
  await status(page, "Saved test event hello");
  await page.getByRole("button", { name: "Invoke" }).click();
  const result = page.locator(".result .card");
  await result.getByRole("heading", { name: "Succeeded" }).waitFor();
  await result.locator("pre", { hasText: '"edited": true' }).waitFor();
  await result.locator("pre.logs", { hasText: "console-marker" }).waitFor();
  await result.locator("dt", { hasText: "Billed duration" }).waitFor();
  await result.locator("dt", { hasText: "Memory used" }).waitFor();
  await screenshot(page, "test-result");
  await page.reload();
  await page.getByLabel("Saved test events").selectOption("hello");
  if (!(await page.getByLabel("Event JSON").inputValue()).includes("console")) throw new Error("the saved event did not come back");

  step("logs");
  await tab(page, "Logs");
  await page.locator(".tail", { hasText: "console-marker" }).waitFor();
  await page.getByLabel("Filter pattern").fill("REPORT");
  await page.getByRole("button", { name: "Search" }).click();
  await page.locator(".tail", { hasText: "REPORT" }).waitFor();
  if (await page.locator(".tail", { hasText: "console-marker" }).count()) throw new Error("the filter kept a line without REPORT");
  await screenshot(page, "logs");

  step("a chart updates while it is shown");
  await tab(page, "Monitor");
  const invocations = page.locator('figure[data-metric="invocations"] .hint');
  await invocations.waitFor();
  const before = Number((await invocations.textContent()).match(/invocations (\d+)/)[1]);
  const other = await context.newPage();
  await signIn(other);
  await other.goto(`${endpoint}/console/#/functions/${fn}/test`);
  await other.getByRole("button", { name: "Invoke" }).click();
  await other.locator(".result .card").getByRole("heading", { name: "Succeeded" }).waitFor();
  await other.close();
  await page.waitForFunction((n) => {
    const m = document.querySelector('figure[data-metric="invocations"] .hint')?.textContent.match(/invocations (\d+)/);
    return m && Number(m[1]) > n;
  }, before, { timeout: 60_000 });
  await screenshot(page, "monitor");

  step("configuration, then two versions");
  await tab(page, "Versions and aliases");
  await page.getByRole("button", { name: "Publish new version" }).click();
  await status(page, "Published version 1");
  await tab(page, "Configuration");
  await replace(page.getByLabel("Memory (MB)"), "256");
  await page.getByLabel("Environment variables").fill("GREETING=hello");
  await page.getByRole("button", { name: "Save configuration" }).click();
  await status(page, "Saved the configuration");
  await page.getByLabel("Reserved concurrency").fill("5");
  await page.getByRole("button", { name: "Save concurrency" }).click();
  await status(page, "Saved the concurrency");
  await page.getByLabel("Tags", { exact: true }).fill("team=web\nstage=test");
  await page.getByRole("button", { name: "Save tags" }).click();
  await status(page, "Saved the tags");
  await page.reload();
  await page.getByLabel("Tags", { exact: true }).waitFor();
  if ((await page.getByLabel("Tags", { exact: true }).inputValue()).split("\n").sort().join(",") !== "stage=test,team=web") throw new Error("the tags did not stay");
  if (await page.getByLabel("Reserved concurrency").inputValue() !== "5") throw new Error("the reserved concurrency did not stay");
  if (await page.getByLabel("Environment variables").inputValue() !== "GREETING=hello") throw new Error("the environment did not stay");
  await screenshot(page, "configuration");
  await tab(page, "Versions and aliases");
  await page.getByRole("button", { name: "Publish new version" }).click();
  await status(page, "Published version 2");
  await page.getByRole("cell", { name: "2", exact: true }).waitFor(); // the view shows it: redrawn

  step("an alias and its weight");
  const fresh = page.locator("form.alias[data-alias='']");
  await fresh.getByLabel("Alias name").fill("live");
  await fresh.getByLabel("Primary version").selectOption("2");
  await fresh.getByRole("button", { name: "Create alias" }).click();
  await status(page, "Saved alias live");
  await page.locator("form.alias[data-alias='live']").waitFor();
  const live = page.locator("form.alias[data-alias='live']");
  await live.getByLabel("Second version", { exact: true }).selectOption("1");
  await live.getByLabel("Weight of the second version (%)").fill("30");
  await live.getByRole("button", { name: "Save alias" }).click();
  await status(page, "70% to the primary version, 30% to the second");
  await page.reload();
  await page.locator("form.alias[data-alias='live'] output", { hasText: "30% to the second" }).waitFor();
  await screenshot(page, "versions");

  step("a trigger");
  await tab(page, "Triggers");
  await page.getByLabel("Kind").selectOption("url");
  await page.getByRole("button", { name: "Add trigger" }).click();
  await status(page, "Added the Function URL");
  await page.locator("td", { hasText: "lambda-url" }).first().waitFor();
  const sources = {
    queue: ["SQS queue", { "Queue ARN": process.env.VIRGA_QUEUE_ARN }, ["Queue", process.env.VIRGA_QUEUE_ARN]],
    topic: ["SNS topic", { "Topic ARN": process.env.VIRGA_TOPIC_ARN }, ["Topic", process.env.VIRGA_TOPIC_ARN]],
    schedule: ["Schedule", { "Schedule name": "console-schedule", "Schedule expression": "rate(1 hour)" }, ["Schedule", "console-schedule"]],
    rule: ["EventBridge rule", { "Rule name": "console-rule" }, ["Rule", "rule/console-rule"]],
    bucket: ["S3 bucket", { "Bucket name": process.env.VIRGA_BUCKET }, ["Bucket", `arn:aws:s3:::${process.env.VIRGA_BUCKET}`]],
  };
  for (const [kind, [added, fields, [label, source]]] of Object.entries(sources)) {
    if (!Object.values(fields).every(Boolean)) throw new Error(`no ${kind} to add (the test names it in the environment)`);
    step(`trigger: ${kind}`);
    await page.getByLabel("Kind", { exact: true }).selectOption(kind);
    for (const [name, value] of Object.entries(fields)) await page.getByLabel(name, { exact: true }).fill(value);
    await page.getByRole("button", { name: "Add trigger" }).click();
    await status(page, `Added the ${added}`);
    await page.locator("tr", { has: page.locator("td", { hasText: new RegExp(`^${label}$`) }) }).filter({ hasText: source }).waitFor();
  }
  await screenshot(page, "triggers");
  for (const [label, source] of [["URL", "lambda-url"], ...Object.values(sources).map(([, , shown]) => shown)]) {
    step(`removing trigger: ${label}`);
    const row = page.locator("tr", { has: page.locator("td", { hasText: new RegExp(`^${label}$`) }) }).filter({ hasText: source });
    await row.getByRole("button", { name: /^Remove the / }).click();
    await status(page, `Removed the ${label} trigger`);
    await row.waitFor({ state: "detached" });
  }
  await page.locator("td.empty", { hasText: "None yet." }).waitFor();

  step("a Node.js function from its template");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Functions" }).click();
  await page.getByRole("link", { name: "Create function" }).click();
  await page.getByLabel("Function name").fill("console-node");
  await page.getByLabel("Start from").selectOption("node");
  await page.getByRole("button", { name: "Create function" }).click();
  await page.getByLabel("Code of index.mjs").waitFor();
  await tab(page, "Test");
  await page.getByRole("button", { name: "Invoke" }).click();
  await page.locator(".result .card").getByRole("heading", { name: "Succeeded" }).waitFor();
  await page.locator(".result pre", { hasText: "Hello from Virga" }).waitFor();

  step("another account's key signs in, and may list nothing");
  const outsider = await context.newPage();
  await signIn(outsider, process.env.VIRGA_OTHER_ACCESS_KEY_ID, process.env.VIRGA_OTHER_SECRET_ACCESS_KEY);
  await outsider.getByText("may not list the functions").waitFor();
  await outsider.getByLabel("Function name or ARN").waitFor();
  await screenshot(outsider, "other-account");
  await outsider.close();

  step("functions list and billing");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Functions" }).click();
  await page.getByRole("link", { name: fn, exact: true }).waitFor();
  await screenshot(page, "functions");
  await page.getByRole("link", { name: "Billing" }).click();
  await page.locator("td", { hasText: fn }).waitFor();
  await screenshot(page, "billing");

  step("keyboard: a new view focuses its heading; from the top, the skip link comes first");
  if (await page.evaluate(() => document.activeElement?.tagName) !== "H1") throw new Error("the view's heading is not focused");
  await page.getByRole("link", { name: "Virga" }).focus();
  await page.keyboard.press("Shift+Tab");
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  if (focused !== "Skip to content") throw new Error(`before the navigation, ${JSON.stringify(focused)} is focused, not the skip link`);
  await page.keyboard.press("Enter");
  if (await page.evaluate(() => document.activeElement?.id) !== "main") throw new Error("the skip link did not move focus to the content");
  await page.getByRole("heading", { name: "Billing" }).waitFor(); // and the view stayed

  await browser.close();
  const real = failures.filter((f) => !/status of 404|ResourceNotFound/.test(f));
  if (real.length) throw new Error(`the page reported:\n${real.join("\n")}`);
  step("done");
}

main().catch(async (err) => {
  console.error(err);
  if (current) {
    console.error(`status: ${await current.locator("#status").textContent().catch(() => "")}`);
    await screenshot(current, "failure").catch(() => {});
  }
  process.exit(1);
});
