// Virga's Lambda runtime client for Node.js.
//
// Virga starts it as `node /var/runtime/node/bootstrap.cjs` in every Node.js
// execution environment. It loads the handler named by $_HANDLER, then loops:
// GET /runtime/invocation/next, call the handler, POST the result or the
// error. Results, errors and logs have the shapes AWS's Node.js runtime
// interface client gives them, so functions and their callers cannot tell the
// difference. It needs nothing beyond Node's own modules, and is CommonJS
// because Node's ES module loader takes over 10 ms to start, which only
// ES-module handlers should pay.
//
// Handlers are async functions (the promise they return is the result),
// callback functions `(event, context, callback)`, or streaming handlers
// wrapped in awslambda.streamifyResponse. Completion follows AWS's rules:
//
//   - A settled promise, context.succeed/fail/done, or callback(error) answers
//     at once.
//   - callback(null, result) answers at once when
//     context.callbackWaitsForEmptyEventLoop is false. When it is true (the
//     default) the answer waits until Node's event loop has nothing left to
//     do — the process's 'beforeExit' event — so timers and sockets the
//     handler left behind finish first, as on AWS. Idle keep-alive sockets
//     (ours and the AWS SDK's) do not hold the loop open.
//   - If the loop empties before any of these, a non-async handler answers
//     null and an async one fails with Runtime.NodeJsExit.
//
// An uncaught exception or unhandled rejection fails the invocation in
// progress (or init, until the first invocation arrives) and ends the
// process, with exit status 129 or 128.
//
// Module lookups: if NODE_PATH is unset the client sets AWS's default (layers'
// /opt/nodejs/nodeNN/node_modules and /opt/nodejs/node_modules, the runtime
// directory, the task root) for require(). ES modules ignore NODE_PATH, so
// when an ES-module handler runs and a node_modules directory on NODE_PATH
// exists, a resolve hook retries failed bare imports from there, as AWS's
// Node.js 18+ runtimes do for layers.

'use strict';

const { Agent, request } = require('node:http');
const { format, types } = require('node:util');
const { existsSync, readFileSync } = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const Module = require('node:module');

// In a pre-started sandbox ($_VIRGA_PRESTART is 1) Node and this client start
// before the function is known: wait for its environment and working
// directory (one JSON line on standard input, {"env": [...], "dir": ...}),
// take them, then go on as if just started, so that everything below reads
// the function's environment and loading the handler is the function's init.
if (process.env._VIRGA_PRESTART === '1') awaitFunction();

function awaitFunction() {
  const { readSync } = require('node:fs');
  const buf = Buffer.alloc(65536);
  const chunks = [];
  for (;;) {
    let n;
    try {
      n = readSync(0, buf);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      throw e;
    }
    if (n === 0) process.exit(1); // the sandbox was destroyed unclaimed
    chunks.push(Buffer.from(buf.subarray(0, n)));
    if (buf[n - 1] === 10) break;
  }
  const claim = JSON.parse(Buffer.concat(chunks).toString());
  for (const key of Object.keys(process.env)) delete process.env[key];
  for (const kv of claim.env) {
    const i = kv.indexOf('=');
    process.env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  process.chdir(claim.dir);
  Module._initPaths?.();
}

const env = process.env;
const taskRoot = env.LAMBDA_TASK_ROOT || process.cwd();
const runtimeDir = env.LAMBDA_RUNTIME_DIR || '/var/runtime';
const nodeMajor = (/nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV || '') || [])[1] || process.versions.node.split('.')[0];

// --- Logging ----------------------------------------------------------------

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const jsonLogs = (env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const minLevel = LEVELS[(env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] || LEVELS.TRACE;

// The invocation in progress, or the last one: its id prefixes log lines.
let requestId;
let tenantId;

// log writes one log line, as one write so that it stays one log event.
function log(level, message, params) {
  if (LEVELS[level] < minLevel) return;
  const time = new Date().toISOString();
  const line = jsonLogs
    ? jsonLine(time, level, message, params)
    : `${time}\t${requestId}\t${level}\t${format(message, ...params)}`;
  process.stdout.write(line + '\n');
}

function jsonLine(timestamp, level, message, params) {
  const entry = { timestamp, level, requestId };
  if (tenantId !== undefined) entry.tenantId = tenantId;
  if (params.length === 0) {
    entry.message = message;
    try {
      return JSON.stringify(entry, errorsAsObjects);
    } catch {
      entry.message = format(message);
      return JSON.stringify(entry);
    }
  }
  entry.message = format(message, ...params);
  const error = [message, ...params].find((p) => p instanceof Error);
  if (error) {
    entry.errorType = error.constructor?.name ?? 'UnknownError';
    entry.errorMessage = error.message;
    entry.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(entry);
}

function errorsAsObjects(_key, value) {
  if (!(value instanceof Error)) return value;
  const stackTrace = typeof value.stack === 'string' ? value.stack.split('\n') : value.stack;
  return { errorType: value.constructor?.name ?? 'UnknownError', errorMessage: value.message, stackTrace, ...value };
}

function patchConsole() {
  const method = (level) => (message, ...params) => log(level, message, params);
  console.trace = method('TRACE');
  console.debug = method('DEBUG');
  console.info = method('INFO');
  console.log = console.info;
  console.warn = method('WARN');
  console.error = method('ERROR');
  console.fatal = method('FATAL');
}

// logError logs an error the runtime reports, labelled as AWS labels it
// ('Invoke Error', 'Uncaught Exception', ...).
function logError(label, error) {
  const err = error instanceof Error ? error : new Error(error);
  if (jsonLogs) log('ERROR', err, []);
  else log('ERROR', label, [formatted(err)]);
}

// formatted is an error as JSON with its name, message and stack, after a tab.
function formatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withDetails(value));
  } catch {
    return '\t' + JSON.stringify(toRuntimeError(error));
  }
}

function withDetails(value) {
  if (!(value instanceof Error)) return value;
  const out = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
  if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
  return out;
}

// --- Errors -----------------------------------------------------------------

class ImportModuleError extends Error {}
class HandlerNotFound extends Error {}
class MalformedHandlerName extends Error {}
class UserCodeSyntaxError extends Error {}
class MalformedStreamingHandler extends Error {}
class InvalidStreamingOperation extends Error {}
class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
for (const e of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError,
  MalformedStreamingHandler, InvalidStreamingOperation, NodeJsExit, UnhandledPromiseRejection]) {
  e.prototype.name = `Runtime.${e.name}`;
}

// toRuntimeError is the body posted for a failed invocation.
function toRuntimeError(error) {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function looksLikeError(v) {
  return Boolean(v && typeof v.name === 'string' && v.name && typeof v.message === 'string' && v.message &&
    typeof v.stack === 'string' && v.stack);
}

// --- Runtime API ------------------------------------------------------------

const ERROR_TYPE = 'Lambda-Runtime-Function-Error-Type';

class RuntimeAPI {
  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon) || '127.0.0.1';
    this.port = Number(address.slice(colon + 1));
    // One connection serves the whole conversation; a second opens only to
    // report a crash while next is waiting.
    this.agent = new Agent({ keepAlive: true });
  }

  // next waits, without a time limit, for the next invocation.
  async next() {
    const res = await this.send('GET', '/runtime/invocation/next');
    if (res.status !== 200) {
      process.stderr.write(`[ERROR] Runtime API next answered ${res.status}: ${res.body}\n`);
      process.exit(1);
    }
    return res;
  }

  postResponse(id, body) {
    return this.post(`/runtime/invocation/${encodeURIComponent(id)}/response`, body, {});
  }

  postError(id, error) {
    return this.postFailure(`/runtime/invocation/${encodeURIComponent(id)}/error`, error);
  }

  postInitError(error) {
    return this.postFailure('/runtime/init/error', error);
  }

  postFailure(path, error) {
    const body = toRuntimeError(error);
    const headers = /^[\x20-\x7e]+$/.test(body.errorType) ? { [ERROR_TYPE]: body.errorType } : {};
    return this.post(path, JSON.stringify(body), headers);
  }

  async post(path, body, headers) {
    const res = await this.send('POST', path, body, { 'Content-Type': 'application/json', ...headers });
    if (res.status >= 300) process.stderr.write(`[ERROR] Runtime API ${path} answered ${res.status}: ${res.body}\n`);
  }

  send(method, path, body, headers = {}, retry = true) {
    return new Promise((done, fail) => {
      if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
      const req = request(this.options(method, path, headers), (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', (err) => {
        // The server may close an idle keep-alive connection: try once more.
        if (retry && req.reusedSocket && err.code === 'ECONNRESET') done(this.send(method, path, body, headers, false));
        else fail(err);
      });
      req.end(body);
    });
  }

  // stream starts a streamed response; the handler writes to the returned
  // request through a responseStream.
  stream(id) {
    const req = request(this.options('POST', `/runtime/invocation/${encodeURIComponent(id)}/response`, {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Transfer-Encoding': 'chunked',
      'Content-Type': 'application/octet-stream',
      Trailer: `${ERROR_TYPE}, Lambda-Runtime-Function-Error-Body`,
    }));
    const answered = new Promise((done, fail) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode));
      });
      req.on('error', fail);
    });
    return { req, answered };
  }

  options(method, path, headers) {
    return {
      agent: this.agent, host: this.host, port: this.port, method, path: `/2018-06-01${path}`, headers,
      maxHeaderSize: 81920,
    };
  }
}

// --- Loading the handler ----------------------------------------------------

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

async function loadHandler(appRoot, fullName) {
  if (fullName.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullName}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const name = basename(fullName);
  const moduleRoot = fullName.slice(0, fullName.length - name.length);
  const match = /^([^.]*)\.(.*)$/.exec(name);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, exportPath] = match;

  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const fn = exportPath.split('.').reduce((obj, key) => obj && obj[key], app);
  if (!fn) throw new HandlerNotFound(`${fullName} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${fullName} is not a function`);
  if (fn[STREAMING] !== undefined && fn[STREAMING] !== false && fn[STREAMING] !== 'response') {
    throw new MalformedStreamingHandler('Only response streaming is supported.');
  }
  return fn;
}

// loadModule finds the module as AWS does: the bare path, then .js (as
// CommonJS, or as an ES module under a "type": "module" package.json), .mjs,
// .cjs, and finally Node's own resolution from the task root.
async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = resolve(appRoot, moduleRoot, moduleName);
  if (existsSync(base)) return require(base);
  const esm = isModulePackage(dirname(base));
  if (existsSync(base + '.js')) return esm ? importESM(base + '.js') : require(base + '.js');
  if (existsSync(base + '.mjs')) return importESM(base + '.mjs');
  if (existsSync(base + '.cjs')) return require(base + '.cjs');
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

function importESM(file) {
  resolveFromLayers();
  return import(pathToFileURL(file).href);
}

// isModulePackage reports whether the package.json nearest to dir says
// "type": "module"; a node_modules directory ends the search.
function isModulePackage(dir) {
  for (;;) {
    if (dir.endsWith('/node_modules')) return false;
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8'))?.type === 'module';
      } catch (e) {
        console.warn(`${file} cannot be read, it will be ignored for ES module detection purposes.`, e);
        return false;
      }
    }
    if (dir === '/' || dir === '.') return false;
    dir = dirname(dir);
  }
}

function setNodePath() {
  if (env.NODE_PATH !== undefined) return;
  env.NODE_PATH = [`/opt/nodejs/node${nodeMajor}/node_modules`, '/opt/nodejs/node_modules',
    `${runtimeDir}/node_modules`, runtimeDir, taskRoot].join(':');
  Module._initPaths?.();
}

// resolveFromLayers lets ES modules import packages from the node_modules
// directories on NODE_PATH (the layers' ones), which Node's ES module
// resolution ignores. The hook runs on a loader thread, so it is registered
// only when such a directory exists.
function resolveFromLayers() {
  if (resolveFromLayers.done || typeof Module.register !== 'function') return;
  resolveFromLayers.done = true;
  const parents = (env.NODE_PATH || '').split(':')
    .filter((dir) => dir.endsWith('/node_modules') && !dir.startsWith(taskRoot + '/') && existsSync(dir))
    .map((dir) => pathToFileURL(join(dirname(dir), 'index.mjs')).href);
  if (parents.length === 0) return;
  const hook = `const parents = ${JSON.stringify(parents)};
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || /^([./#]|[a-z][a-z0-9+.-]*:)/i.test(specifier)) throw err;
    for (const parentURL of parents) {
      try { return await next(specifier, { ...context, parentURL }); } catch {}
    }
    throw err;
  }
}`;
  Module.register('data:text/javascript,' + encodeURIComponent(hook));
}

// --- Streaming responses ----------------------------------------------------

const HTTP_INTEGRATION = 'application/vnd.awslambda.http-integration-response';

class HttpResponseStream {
  // from makes the stream start, at its first write, with the HTTP status,
  // headers and cookies of a function URL response and the 8 NUL bytes that
  // end them. As with AWS's client, end(chunk) is not a first write.
  static from(stream, prelude) {
    stream.setContentType(HTTP_INTEGRATION);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(8));
    };
    return stream;
  }
}

// The methods and properties of the request a streaming handler may use, as
// AWS's client exposes them.
const STREAM_METHODS = ['cork', 'destroy', 'end', 'uncork', 'write', 'addListener', 'emit', 'eventNames',
  'getMaxListeners', 'listenerCount', 'listeners', 'off', 'on', 'once', 'prependListener', 'prependOnceListener',
  'rawListeners', 'removeAllListeners', 'removeListener', 'setMaxListeners', 'setContentType'];
const STREAM_SETTABLE = ['destroyed', 'writable', '_onBeforeFirstWrite'];
const STREAM_READABLE = ['writableFinished', 'writableObjectMode', 'writableBuffer', 'writableEnded',
  'writableNeedDrain', 'writableHighWaterMark', 'writableCorked', 'writableLength'];

// responseStream is the writable a streaming handler gets: the streamed
// request, with a content type that can change until the first write, and
// writes of anything but strings and bytes sent as JSON.
function responseStream(req) {
  let written = false;
  req.setContentType = (type) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    req.setHeader('Content-Type', type);
  };
  const write = req.write.bind(req);
  req.write = function (chunk, encoding, callback) {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && chunk?.constructor !== Uint8Array) {
      chunk = JSON.stringify(chunk);
    }
    if (!written && typeof this._onBeforeFirstWrite === 'function') this._onBeforeFirstWrite((c) => write(c));
    const ret = write(chunk, encoding, callback);
    written = true;
    return ret;
  };
  const end = req.end.bind(req);
  req.end = (cb) => end(cb);
  const stream = Object.fromEntries(STREAM_METHODS.map((m) => [m, req[m].bind(req)]));
  for (const p of STREAM_SETTABLE) {
    Object.defineProperty(stream, p, { get: () => req[p], set: (v) => { req[p] = v; } });
  }
  for (const p of STREAM_READABLE) Object.defineProperty(stream, p, { get: () => req[p] });
  return stream;
}

function installGlobals() {
  // AWS starts Node with --expose-gc, which costs over 10 ms of every cold
  // start; gc is made on first use instead.
  if (!('gc' in globalThis)) {
    const define = (value) => Object.defineProperty(globalThis, 'gc', { value, writable: true, configurable: true });
    Object.defineProperty(globalThis, 'gc', {
      configurable: true,
      get() {
        require('node:v8').setFlagsFromString('--expose-gc');
        const gc = require('node:vm').runInNewContext('gc');
        define(gc);
        return gc;
      },
      set: define,
    });
  }
  if (env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === '1' || env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === 'true') return;
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[STREAMING] = 'response';
      if (typeof options?.highWaterMark === 'number') handler[HIGH_WATER_MARK] = parseInt(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}

// --- Invocations ------------------------------------------------------------

// What the process-level handlers need: the Runtime API, how to fail the
// invocation not yet answered, and what to do when the event loop empties.
let api;
let initialised = false;
let pending = null; // { report(error) → Promise }
let onEmptyLoop = null;

// makeContext fills the handler's context object, with its properties in
// AWS's order.
function makeContext(headers, base) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const trace = headers['lambda-runtime-trace-id'];
  if (trace) env._X_AMZN_TRACE_ID = trace;
  else delete env._X_AMZN_TRACE_ID;
  return Object.assign(base, {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  }, {
    clientContext: parseHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parseHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

function parseHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
  }
}

function serialize(result) {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

// invoke runs one buffered invocation; it resolves once the answer is posted.
function invoke(handler, headers, body) {
  const id = headers['lambda-runtime-aws-request-id'];
  return new Promise((answered, broken) => {
    let decided = false; // the handler has chosen its outcome
    let posted = false;
    const post = (error, result, quiet) => {
      if (posted) return undefined;
      posted = true;
      pending = null;
      onEmptyLoop = null;
      let sent;
      if (error == null) {
        try {
          sent = api.postResponse(id, serialize(result));
        } catch (e) {
          error = e;
        }
      }
      if (!sent) {
        if (!quiet) logError('Invoke Error', error);
        sent = api.postError(id, error);
      }
      sent.then(answered, broken);
      return sent;
    };
    const finish = (error, result) => {
      if (decided) return;
      decided = true;
      post(error, result);
    };
    let waitForEmptyLoop = true;
    const context = {
      get callbackWaitsForEmptyEventLoop() { return waitForEmptyLoop; },
      set callbackWaitsForEmptyEventLoop(v) { waitForEmptyLoop = v; },
      succeed: (result) => finish(null, result),
      fail: (error) => finish(error == null ? 'handled' : error, null),
      done: finish,
    };
    const callback = (error, result) => {
      if (decided) return;
      decided = true;
      if (error != null || !waitForEmptyLoop) post(error, result);
      else onEmptyLoop = () => setImmediate(() => post(null, result));
    };
    pending = { report: (error) => post(error, null, true) };
    onEmptyLoop = () => {
      decided = true;
      post(isAsync(handler) ? new NodeJsExit() : null, null);
    };
    try {
      makeContext(headers, context);
      const result = handler(JSON.parse(body), context, callback);
      if (typeof result?.then === 'function') result.then(context.succeed, context.fail);
    } catch (err) {
      callback(err);
    }
  });
}

// invokeStreaming runs one invocation of a streaming handler: what it writes
// is sent as it comes, and a failure is reported in the response's
// trailers. As with AWS's client, the invocation ends when the stream does:
// a handler that never ends its stream runs into the timeout.
async function invokeStreaming(handler, headers, body) {
  const id = headers['lambda-runtime-aws-request-id'];
  const { req, answered } = api.stream(id);
  const stream = responseStream(req);
  let failed = false;
  const fail = (error, quiet) => {
    if (failed) return;
    failed = true;
    if (!quiet) logError('Invoke Error', error);
    if (req.writableEnded) return;
    const detail = toRuntimeError(error);
    req.addTrailers({
      [ERROR_TYPE]: detail.errorType,
      'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(detail)).toString('base64'),
    });
    req.end();
  };
  pending = { report: (error) => (fail(error, true), answered) };
  onEmptyLoop = () => fail(new NodeJsExit());
  try {
    let waitForEmptyLoop = true;
    const context = makeContext(headers, {
      get callbackWaitsForEmptyEventLoop() { return waitForEmptyLoop; },
      set callbackWaitsForEmptyEventLoop(v) { waitForEmptyLoop = v; },
    });
    const result = handler(JSON.parse(body), stream, context);
    if (typeof result?.then !== 'function') {
      fail('Streaming does not support non-async handlers.');
    } else {
      if ((await result) !== undefined) console.warn('Streaming handlers ignore return values.');
      await answered;
      if (!req.writableFinished) fail('Response stream is not finished.');
    }
  } catch (err) {
    fail(err);
  }
  pending = null;
  onEmptyLoop = null;
  const status = await answered.catch(() => 0);
  if (status >= 300) process.stderr.write(`[ERROR] Runtime API streamed response answered ${status}\n`);
}

function isAsync(fn) {
  return fn?.constructor?.name === 'AsyncFunction';
}

// --- Process ----------------------------------------------------------------

// fatal reports an error that escaped the handler — for the invocation in
// progress, or for init before the first one — and ends the process.
let dying = false;
function fatal(error, status) {
  if (dying) return;
  dying = true;
  let report;
  if (pending) report = pending.report(error);
  else if (!initialised) report = api.postInitError(error);
  setTimeout(() => process.exit(status), 2000).unref();
  Promise.resolve(report).catch(() => {}).finally(() => process.exit(status));
}

function installProcessHandlers() {
  process.on('uncaughtException', (error) => {
    logError('Uncaught Exception', error);
    fatal(error, 129);
  });
  process.on('unhandledRejection', (reason, promise) => {
    const error = new UnhandledPromiseRejection(reason, promise);
    logError('Unhandled Promise Rejection', error);
    fatal(error, 128);
  });
  process.on('beforeExit', () => onEmptyLoop?.());
}

async function main() {
  patchConsole();
  installProcessHandlers();
  installGlobals();
  setNodePath();
  api = new RuntimeAPI(env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001');
  let handler;
  try {
    handler = await loadHandler(taskRoot, env._HANDLER || '');
  } catch (error) {
    logError('Uncaught Exception', error);
    fatal(error, 129);
    return;
  }
  const streaming = handler[STREAMING] === 'response';
  while (!dying) {
    const { headers, body } = await api.next();
    initialised = true;
    requestId = headers['lambda-runtime-aws-request-id'];
    tenantId = headers['lambda-runtime-aws-tenant-id'];
    if (streaming) await invokeStreaming(handler, headers, body);
    else await invoke(handler, headers, body);
  }
}

main().catch((err) => {
  process.stderr.write(`[ERROR] Virga runtime client: ${err?.stack || err}\n`);
  process.exit(1);
});
