// The client: one signed fetch, and the calls of each protocol Virga's
// services speak (REST JSON, AWS JSON, query, REST XML).
import { sign, encode } from "./sigv4.js";

const storageKey = "virga.credentials";

export function credentials() {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? JSON.parse(raw) : null;
}

export function signIn(creds) {
  sessionStorage.setItem(storageKey, JSON.stringify(creds));
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
}

// ApiError carries the service's error type and message.
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message || type || `HTTP ${status}`);
    this.status = status;
    this.type = type;
  }
}

// path joins segments, encoding each: path("2015-03-31", "functions", name).
export function path(...segments) {
  return "/" + segments.map(encode).join("/");
}

// send signs and sends one request; it returns the Response.
export async function send(service, { method = "GET", path: p, query = {}, headers = {}, body = "" }) {
  const creds = credentials();
  if (!creds) throw new ApiError(401, "SignedOut", "Sign in first.");
  const request = { method, path: p, query, headers: { ...headers }, body };
  await sign(request, creds, creds.region, service);
  const qs = Object.keys(query).length ? "?" + Object.entries(query).map(([k, v]) => `${encode(k)}=${encode(String(v))}`).join("&") : "";
  const response = await fetch(p + qs, { method, headers: request.headers, body: method === "GET" || method === "HEAD" ? undefined : body, credentials: "omit" });
  if (!response.ok) throw await failure(response);
  return response;
}

async function failure(response) {
  const text = await response.text();
  let type = response.headers.get("x-amzn-ErrorType") || "";
  let message = "";
  try {
    const body = JSON.parse(text);
    type = body.__type || body.Type || body.code || type;
    message = body.message || body.Message || "";
  } catch {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    type = doc.querySelector("Code")?.textContent || type;
    message = doc.querySelector("Message")?.textContent || text.slice(0, 200);
  }
  return new ApiError(response.status, type.split(":")[0].split("#").pop(), message);
}

async function json(response) {
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

// rest calls a REST JSON API (Lambda, Scheduler, the console's own).
export async function rest(service, method, p, { query, body, headers } = {}) {
  const hasBody = body !== undefined;
  const response = await send(service, {
    method, path: p, query,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body)) : "",
  });
  return { response, data: await json(response) };
}

// target calls an AWS JSON API: CloudWatch Logs, EventBridge, SQS.
export async function target(service, action, input, version = "1.1") {
  const response = await send(service, {
    method: "POST", path: "/",
    headers: { "content-type": `application/x-amz-json-${version}`, "x-amz-target": action },
    body: JSON.stringify(input),
  });
  return json(response);
}

// query calls a query API (SNS) and returns its XML document.
export async function query(service, params) {
  const body = Object.entries(params).map(([k, v]) => `${encode(k)}=${encode(String(v))}`).join("&");
  const response = await send(service, {
    method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body,
  });
  return new DOMParser().parseFromString(await response.text(), "application/xml");
}

// lambda calls Lambda's REST JSON API.
export async function lambda(method, p, options) {
  return (await rest("lambda", method, p, options)).data;
}

// consoleApi calls the console's own API.
export async function consoleApi(method, p, body) {
  return (await rest("virga", method, "/console/api" + p, body === undefined ? {} : { body })).data;
}
