// AWS Signature Version 4, computed in the page with WebCrypto: every call
// the console makes is signed as the SDKs sign theirs, with the key the
// user signed in with. Nothing but the signature leaves the page.

const encoder = new TextEncoder();

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function bytes(data) {
  return typeof data === "string" ? encoder.encode(data) : data;
}

export async function sha256Hex(data) {
  return hex(await crypto.subtle.digest("SHA-256", bytes(data)));
}

async function hmac(key, message) {
  const k = await crypto.subtle.importKey("raw", bytes(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(message)));
}

// encode percent-encodes everything but RFC 3986's unreserved characters.
export function encode(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

// canonicalPath encodes the wire path once more, as every service but S3
// expects; S3 signs the path as sent.
function canonicalPath(path, service) {
  if (service === "s3") return path;
  return path.split("/").map(encode).join("/");
}

function canonicalQuery(query) {
  return Object.keys(query).sort().map((k) => `${encode(k)}=${encode(String(query[k]))}`).join("&");
}

function amzDate(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

// sign adds x-amz-date, x-amz-content-sha256, the session token if any, and
// the Authorization header to request.headers. request.path is the wire
// path, its segments already encoded; request.query an object.
export async function sign(request, credentials, region, service, now = new Date()) {
  const headers = request.headers;
  const date = amzDate(now);
  headers["x-amz-date"] = date;
  headers["x-amz-content-sha256"] = await sha256Hex(request.body || "");
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  const signed = { host: location.host };
  for (const [k, v] of Object.entries(headers)) signed[k.toLowerCase()] = String(v).trim();
  const names = Object.keys(signed).sort();
  const canonical = [
    request.method,
    canonicalPath(request.path, service),
    canonicalQuery(request.query || {}),
    names.map((n) => `${n}:${signed[n]}\n`).join(""),
    names.join(";"),
    headers["x-amz-content-sha256"],
  ].join("\n");
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, await sha256Hex(canonical)].join("\n");
  let key = "AWS4" + credentials.secretAccessKey;
  for (const part of [date.slice(0, 8), region, service, "aws4_request"]) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  headers["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}
