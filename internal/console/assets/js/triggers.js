// The triggers tab: what invokes the function — its URL, queue mappings,
// schedules, and the topics, rules and buckets its policy lets in — with a
// button that removes each, and forms that add each kind.
import { lambda, path, rest, target, query, send, credentials } from "./client.js";
import { h, field, table, guard, announce } from "./ui.js";

const principals = { "sns.amazonaws.com": "Topic", "events.amazonaws.com": "Rule", "s3.amazonaws.com": "Bucket", "scheduler.amazonaws.com": "Schedule" };

export async function triggersTab(fn) {
  const c = fn.Configuration;
  const name = c.FunctionName;
  const rows = [];
  const row = (kind, source, detail, remove) => rows.push([kind, source, detail, removeButton(kind, source, remove)]);
  const url = await lambda("GET", path("2021-10-31", "functions", name, "url")).catch(() => null);
  if (url) row("URL", h("a", { href: url.FunctionUrl }, url.FunctionUrl), `auth ${url.AuthType}`, () => removeURL(c));
  const { EventSourceMappings = [] } = await lambda("GET", path("2015-03-31", "event-source-mappings"), { query: { FunctionName: name } });
  for (const m of EventSourceMappings) row("Queue", m.EventSourceArn, `${m.State}, batch ${m.BatchSize}`, () => removeMapping(m));
  const { data: schedules } = await rest("scheduler", "GET", "/schedules").catch(() => ({ data: {} }));
  for (const s of schedules.Schedules || []) if (s.Target?.Arn?.startsWith(c.FunctionArn)) row("Schedule", s.Name, s.State, () => removeSchedule(s));
  const policy = await lambda("GET", path("2015-03-31", "functions", name, "policy")).catch(() => null);
  for (const st of policy ? JSON.parse(policy.Policy).Statement : []) {
    const kind = principals[st.Principal?.Service];
    const source = st.Condition?.ArnLike?.["AWS:SourceArn"] || st.Condition?.ArnEquals?.["AWS:SourceArn"];
    if (kind && kind !== "Schedule") row(kind, source || "(any)", `statement ${st.Sid}`, () => removeGrant(c, kind, source, st.Sid));
  }
  return [table("Triggers", ["Kind", "Source", "Detail", "Actions"], rows), addForm(c)];
}

function removeButton(kind, source, remove) {
  const label = `Remove the ${kind} trigger ${typeof source === "string" ? source : source.textContent}`;
  const button = h("button", { type: "button", class: "secondary", "aria-label": label }, "Remove");
  button.addEventListener("click", () => guard(button, async () => {
    await remove();
    announce(`Removed the ${kind} trigger.`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }));
  return button;
}

const kinds = {
  url: { label: "Function URL", fields: () => ({ auth: select(["NONE", "AWS_IAM"]) }), add: addURL },
  queue: { label: "SQS queue", fields: () => ({ queueArn: input("arn:aws:sqs:…:queue"), batchSize: input("10", "10") }), add: addQueue },
  topic: { label: "SNS topic", fields: () => ({ topicArn: input("arn:aws:sns:…:topic") }), add: addTopic },
  schedule: { label: "Schedule (EventBridge Scheduler)", fields: () => ({ scheduleName: input("every-five-minutes"), expression: input("rate(5 minutes)", "rate(5 minutes)") }), add: addSchedule },
  rule: { label: "EventBridge rule", fields: () => ({ ruleName: input("my-rule"), eventPattern: input('{"source":["my.app"]}', '{"source":["my.app"]}') }), add: addRule },
  bucket: { label: "S3 bucket", fields: () => ({ bucket: input("my-bucket"), events: input("s3:ObjectCreated:*", "s3:ObjectCreated:*") }), add: addBucket },
};

function input(placeholder, value = "") {
  return h("input", { placeholder, value, spellcheck: "false", required: true });
}

function select(options) {
  return h("select", {}, options.map((o) => h("option", { value: o }, o)));
}

const labels = { auth: "Auth type", queueArn: "Queue ARN", batchSize: "Batch size", topicArn: "Topic ARN", scheduleName: "Schedule name",
  expression: "Schedule expression", ruleName: "Rule name", eventPattern: "Event pattern (JSON)", bucket: "Bucket name", events: "Events" };

function addForm(c) {
  const kind = h("select", { name: "kind" }, Object.entries(kinds).map(([k, v]) => h("option", { value: k }, v.label)));
  const holder = h("div", {});
  let controls = {};
  const show = () => {
    controls = kinds[kind.value].fields();
    holder.replaceChildren(...Object.entries(controls).map(([k, el]) => field(labels[k], Object.assign(el, { name: k }))));
  };
  kind.addEventListener("change", show);
  show();
  const add = h("button", { type: "submit" }, "Add trigger");
  return h("form", { class: "card", onsubmit: (e) => {
    e.preventDefault();
    guard(add, async () => {
      const values = Object.fromEntries(Object.entries(controls).map(([k, el]) => [k, el.value.trim()]));
      await kinds[kind.value].add(c, values);
      announce(`Added the ${kinds[kind.value].label}.`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
  } }, h("h2", {}, "Add a trigger"), field("Kind", kind), holder, add);
}

function permit(c, principal, sourceArn) {
  return lambda("POST", path("2015-03-31", "functions", c.FunctionName, "policy"), { body: {
    StatementId: `console-${Date.now()}`, Action: "lambda:InvokeFunction", Principal: principal, SourceArn: sourceArn,
  } });
}

function addURL(c, v) {
  return lambda("POST", path("2021-10-31", "functions", c.FunctionName, "url"), { body: { AuthType: v.auth } });
}

function addQueue(c, v) {
  return lambda("POST", path("2015-03-31", "event-source-mappings"), { body: {
    FunctionName: c.FunctionName, EventSourceArn: v.queueArn, BatchSize: Number(v.batchSize) || 10,
  } });
}

async function addTopic(c, v) {
  await permit(c, "sns.amazonaws.com", v.topicArn);
  await query("sns", { Action: "Subscribe", Version: "2010-03-31", TopicArn: v.topicArn, Protocol: "lambda", Endpoint: c.FunctionArn });
}

function addSchedule(c, v) {
  const { account } = credentials();
  return rest("scheduler", "POST", path("schedules", v.scheduleName), { body: {
    ScheduleExpression: v.expression, FlexibleTimeWindow: { Mode: "OFF" },
    Target: { Arn: c.FunctionArn, RoleArn: `arn:aws:iam::${account}:role/virga-scheduler`, Input: "{}" },
  } });
}

async function addRule(c, v) {
  const rule = await target("events", "AWSEvents.PutRule", { Name: v.ruleName, EventPattern: v.eventPattern });
  await permit(c, "events.amazonaws.com", rule.RuleArn);
  await target("events", "AWSEvents.PutTargets", { Rule: v.ruleName, Targets: [{ Id: c.FunctionName, Arn: c.FunctionArn }] });
}

// addBucket adds a LambdaFunctionConfiguration to the bucket's
// notification configuration, keeping what it had.
async function addBucket(c, v) {
  const p = path(v.bucket);
  const current = await (await send("s3", { path: p, query: { notification: "" } })).text();
  const doc = new DOMParser().parseFromString(current || "<NotificationConfiguration/>", "application/xml");
  const root = doc.documentElement;
  const ns = root.namespaceURI;
  const el = (tag, text) => Object.assign(doc.createElementNS(ns, tag), text ? { textContent: text } : {});
  const config = el("CloudFunctionConfiguration");
  config.append(el("Id", `console-${Date.now()}`), el("CloudFunction", c.FunctionArn));
  for (const e of v.events.split(",")) config.append(el("Event", e.trim()));
  root.append(config);
  await permit(c, "s3.amazonaws.com", `arn:aws:s3:::${v.bucket}`);
  const put = await send("s3", { method: "PUT", path: p, query: { notification: "" }, headers: { "content-type": "application/xml" },
    body: new XMLSerializer().serializeToString(doc) });
  await put.text(); // read to its end: a body left unread is cancelled later
}

function removeURL(c) {
  return lambda("DELETE", path("2021-10-31", "functions", c.FunctionName, "url"));
}

// removeMapping deletes a queue mapping and waits, up to 15 s, for it to
// leave its Deleting state, so the table shows it gone.
async function removeMapping(m) {
  const p = path("2015-03-31", "event-source-mappings", m.UUID);
  await lambda("DELETE", p);
  for (const end = Date.now() + 15000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (!(await lambda("GET", p).catch(() => null))) return;
  }
}

function removeSchedule(s) {
  return rest("scheduler", "DELETE", path("schedules", s.Name), { query: s.GroupName ? { groupName: s.GroupName } : {} });
}

// removeGrant undoes what adding the trigger did at its source — the
// subscription, the rule's target, the bucket's notification — then the
// permission that let it in.
async function removeGrant(c, kind, source, sid) {
  if (source && kind === "Topic") await unsubscribe(c, source);
  if (source && kind === "Rule") await untarget(c, source);
  if (source && kind === "Bucket") await unnotify(c, source.slice("arn:aws:s3:::".length));
  await lambda("DELETE", path("2015-03-31", "functions", c.FunctionName, "policy", sid));
}

async function unsubscribe(c, topicArn) {
  const doc = await query("sns", { Action: "ListSubscriptionsByTopic", Version: "2010-03-31", TopicArn: topicArn });
  for (const member of doc.querySelectorAll("Subscriptions > member")) {
    const endpoint = member.querySelector("Endpoint")?.textContent || "";
    if (endpoint === c.FunctionArn || endpoint.startsWith(c.FunctionArn + ":")) {
      await query("sns", { Action: "Unsubscribe", Version: "2010-03-31", SubscriptionArn: member.querySelector("SubscriptionArn").textContent });
    }
  }
}

async function untarget(c, ruleArn) {
  const rule = ruleArn.split(":rule/").pop();
  const [bus, name] = rule.includes("/") ? rule.split("/") : ["default", rule];
  const { Targets = [] } = await target("events", "AWSEvents.ListTargetsByRule", { Rule: name, EventBusName: bus });
  const ids = Targets.filter((t) => t.Arn === c.FunctionArn || t.Arn.startsWith(c.FunctionArn + ":")).map((t) => t.Id);
  if (ids.length) await target("events", "AWSEvents.RemoveTargets", { Rule: name, EventBusName: bus, Ids: ids });
}

// unnotify removes the function's configurations from the bucket's
// notification configuration, keeping the rest.
async function unnotify(c, bucket) {
  const p = path(bucket);
  const current = await (await send("s3", { path: p, query: { notification: "" } })).text();
  const doc = new DOMParser().parseFromString(current || "<NotificationConfiguration/>", "application/xml");
  for (const config of [...doc.documentElement.children]) {
    const arn = [...config.children].find((el) => el.localName === "CloudFunction" || el.localName === "Function")?.textContent || "";
    if (arn === c.FunctionArn || arn.startsWith(c.FunctionArn + ":")) config.remove();
  }
  const put = await send("s3", { method: "PUT", path: p, query: { notification: "" }, headers: { "content-type": "application/xml" },
    body: new XMLSerializer().serializeToString(doc) });
  await put.text();
}
