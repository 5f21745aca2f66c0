"""Virga's Lambda runtime client for Python.

Virga starts it as ``python3 -S -B /var/runtime/python/bootstrap.py`` in every
Python execution environment; that script only imports this module, whose
bytecode the server compiles once when it installs the clients (compiling this
file would otherwise cost more than the rest of the start-up). It imports the
handler named by $_HANDLER, then loops: GET /runtime/invocation/next, call the
handler, POST the result or the error. Results, errors and logs have the shapes AWS's Python runtime interface
client (awslambdaric) gives them, so functions and their callers cannot tell
the difference.

Start-up time is cold-start time, so the client imports almost nothing before
its first ``next``: it speaks HTTP over ``_socket`` instead of http.client
(which loads email and ssl), uses the ``_json`` accelerator directly instead of
the json package (which loads re and enum), configures the logging module only
when the function first imports it, and imports traceback only to report an
error. A full bootstrap with a trivial handler stays within a few milliseconds
of a bare interpreter.

Search path. -S skips the site module, whose .pth files can cost tens of
milliseconds (some import packages), so the client builds sys.path itself, in
AWS's order:

    $LAMBDA_TASK_ROOT                         the function's code
    /opt/python/lib/pythonX.Y/site-packages   layers (X.Y of the runtime, then of
    /opt/python                               the interpreter if they differ)
    $LAMBDA_RUNTIME_DIR
    $PYTHONPATH, the standard library
    the interpreter's site-packages           where boto3 and friends live on the
                                              host, as /var/lang/lib/python3.x/
                                              site-packages does on AWS

The site-packages directories are those site would add: for sys.prefix and
sys.exec_prefix, or for the virtual environment when the interpreter is one
(pyvenv.cfg next to it, honouring include-system-site-packages); under lib and
sys.platlibdir; plus Debian's dist-packages when the prefix is /usr. Their .pth
files are not processed, so packages that rely on one (editable installs,
namespace shims) are not importable from there.

Pre-started. In a pre-started sandbox ($_VIRGA_PRESTART is 1) the interpreter
and this module start before the function is known. main then loads what the
first event needs and blocks on standard input until Virga claims the sandbox
for a cold start and writes one JSON line, {"env": [...], "dir": ...}: the
function's environment, which replaces os.environ (and what derives from it:
the time zone, the settings below), and the working directory. Then it goes on
as in any sandbox, so the handler's import is the function's init.
"""

import os
import sys
import time

RUNTIME_API_VERSION = "2018-06-01"

# The client's own directory, which the function does not see on sys.path and
# whose frames it does not see in stack traces.
HERE = os.path.dirname(os.path.abspath(__file__))

# Text-format error logs indent stack lines with NO-BREAK SPACEs, as AWS's
# client does.
ERROR_INDENT = "\u00a0"


class Fault(Exception):
    """A failure the runtime reports with a Runtime.* error type."""

    def __init__(self, error_type, message, trace=None):
        Exception.__init__(self, message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


# --- Start-up -----------------------------------------------------------------


def main():
    if os.environ.get("_VIRGA_PRESTART") == "1":
        await_function()
    setup_stdio()
    setup_sys_path()
    if "logging" in sys.modules:  # started without -S, and site imported it
        configure_logging(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, LoggingSetup())
    api = RuntimeAPI(os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"))
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception as e:
        error = error_result(e, "")
        log_error(error)
        api.post_init_error(error)
        sys.exit(1)
    while True:
        invoke(api, handler, api.next())


def await_function():
    import _json  # noqa: F401 -- loaded ahead: every event needs them
    import _socket  # noqa: F401
    import json

    # The first compile of a source sets up the compiler (over a millisecond);
    # the handler's module, which has no bytecode, would pay for it.
    compile("def handler(event, context):\n    return {'a': [1]}\n", "<warm-up>", "exec")
    for ensure_ascii in (True, False):  # and the JSON codecs are made on first use
        json_encode({"a": [1]}, ensure_ascii)
    json_decode('{"a": [1]}')

    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(0, 65536)
        if not chunk:
            sys.exit(1)  # the sandbox was destroyed unclaimed
        line += chunk
    claim = json.loads(line)
    os.environ.clear()
    for kv in claim["env"]:
        key, _, value = kv.partition("=")
        os.environ[key] = value
    time.tzset()
    os.chdir(claim["dir"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    read_settings()


def setup_stdio():
    # Lines reach the log as soon as they are complete; every invocation also
    # flushes before answering, so nothing printed is logged after END.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.reconfigure(encoding="utf-8", line_buffering=True)


def setup_sys_path():
    rest = [p for p in sys.path if p and os.path.abspath(p) != HERE]
    runtime_version = os.environ.get("AWS_EXECUTION_ENV", "").rpartition("python")[2]
    versions = unique([runtime_version, "%d.%d" % sys.version_info[:2]])
    front = [os.environ.get("LAMBDA_TASK_ROOT", "/var/task")]
    front += ["/opt/python/lib/python%s/site-packages" % v for v in versions if v]
    front += ["/opt/python", os.environ.get("LAMBDA_RUNTIME_DIR", "/var/runtime")]
    sys.path[:] = unique(front + rest + site_packages())


def site_packages():
    """The directories site would add for this interpreter, where they exist."""
    prefixes = [sys.prefix, sys.exec_prefix]
    venv, system_site = virtual_environment()
    if venv:  # what site.venv does
        sys.prefix = sys.exec_prefix = venv
        prefixes = [venv] + ([sys.base_prefix, sys.base_exec_prefix] if system_site else [])
    version = "python%d.%d" % sys.version_info[:2]
    libdirs = unique([getattr(sys, "platlibdir", "lib"), "lib"])
    dirs = []
    for prefix in unique(prefixes):
        dirs += [os.path.join(prefix, lib, version, "site-packages") for lib in libdirs]
        if prefix == "/usr":  # Debian and Ubuntu
            dirs += ["/usr/local/lib/%s/dist-packages" % version, "/usr/lib/python3/dist-packages"]
    return [d for d in unique(dirs) if os.path.isdir(d)]


def virtual_environment():
    """The virtual environment of the interpreter, if any, and whether it
    includes the system site-packages."""
    bin_dir = os.path.dirname(sys.executable)
    for root in (bin_dir, os.path.dirname(bin_dir)):
        try:
            with open(os.path.join(root, "pyvenv.cfg"), encoding="utf-8") as f:
                config = [line.partition("=") for line in f]
        except OSError:
            continue
        settings = dict((k.strip().lower(), v.strip().lower()) for k, _, v in config)
        return root, settings.get("include-system-site-packages") == "true"
    return None, True


def unique(items):
    seen = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def load_handler(name):
    """Imports the module of handler name 'path/to/module.function'."""
    try:
        module_name, function_name = name.rsplit(".", 1)
    except ValueError as e:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (name, e))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault(
            "Runtime.BuiltInModuleConflict",
            "Cannot use built-in module %s as a handler module" % module_name,
        )
    try:
        # As importlib.import_module, without importing importlib (and warnings).
        dotted = module_name.replace("/", ".")
        __import__(dotted)
        module = sys.modules[dotted]
    except ImportError as e:
        raise Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault(
            "Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), trace
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault(
            "Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name)
        )


# --- Invocations ----------------------------------------------------------------

# The request and tenant of the invocation in progress (or of the last one),
# for log records.
request_id = None
tenant_id = None


def invoke(api, handler, inv):
    global request_id, tenant_id
    headers, body = inv
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    tenant_id = headers.get("lambda-runtime-aws-tenant-id")
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)

    error = None
    try:
        context = LambdaContext(request_id, headers)
        event = decode_event(body, headers.get("content-type"))
        result, content_type = encode_result(handler(event, context))
    except Exception as e:
        error = error_result(e, request_id)
    flush_stdio()
    if error is None:
        api.post_response(request_id, result, content_type)
    else:
        log_error(error)
        api.post_error(request_id, error)


def decode_event(body, content_type):
    if content_type not in (None, "application/json"):
        return body
    try:
        return json_decode(body)
    except Exception as e:
        raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)


def encode_result(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return json_encode(result, ascii_responses).encode("utf-8"), "application/json"
    except Exception as e:
        raise Fault("Runtime.MarshalError", "Unable to marshal response: %s" % e)


def flush_stdio():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


class LambdaContext(object):
    """The handler's second argument."""

    def __init__(self, aws_request_id, headers):
        env = os.environ
        self.aws_request_id = aws_request_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn")
        self.tenant_id = headers.get("lambda-runtime-aws-tenant-id")
        self.client_context = client_context(headers.get("lambda-runtime-client-context"))
        self.identity = CognitoIdentity(json_header(headers.get("lambda-runtime-cognito-identity"), "Cognito Identity"))
        try:
            self._deadline_ms = int(headers.get("lambda-runtime-deadline-ms", "0"))
        except ValueError:
            self._deadline_ms = 0

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return "%s([%s])" % (
            self.__class__.__name__,
            ",".join("%s=%s" % (k, v) for k, v in self.__dict__.items() if not k.startswith("_")),
        )


def json_header(value, name):
    if not value:
        return None
    try:
        return json_decode(value)
    except Exception as e:
        raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (name, e))


class Record(object):
    """An object with the given attributes, None where the source lacks them."""

    __slots__ = ()

    def __init__(self, source):
        for name in self.__slots__:
            setattr(self, name, source.get(name) if isinstance(source, dict) else None)

    def __repr__(self):
        fields = ",".join("%s=%s" % (k, getattr(self, k)) for k in self.__slots__)
        return "%s([%s])" % (self.__class__.__name__, fields)


class ClientContext(Record):
    __slots__ = ("custom", "env", "client")


class Client(Record):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class CognitoIdentity(Record):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self, source):
        source = source if isinstance(source, dict) else {}
        self.cognito_identity_id = source.get("cognitoIdentityId")
        self.cognito_identity_pool_id = source.get("cognitoIdentityPoolId")


def client_context(value):
    data = json_header(value, "Client Context")
    if data is None:
        return None
    cc = ClientContext(data)
    if cc.client is not None:
        cc.client = Client(cc.client)
    return cc


# --- Errors -----------------------------------------------------------------------


def error_result(exc, request_id):
    """The error body AWS posts for exc: type, message, request id and stack."""
    if isinstance(exc, Fault):
        return make_error(exc.message, exc.error_type, exc.trace, request_id)
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(exc.__traceback__)]
    # Drop the client's own frames, which precede the function's.
    for i, frame in enumerate(frames):
        if os.path.dirname(frame[0]) != HERE:
            frames = frames[i:]
            break
    return make_error(str(exc), type(exc).__name__, traceback.format_list(frames), request_id)


def make_error(message, error_type, stack, request_id):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": stack or [],
    }


def log_error(error):
    """Logs an error as one write, in the function's log format."""
    if json_logs:
        entry = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "level": "ERROR"}
        entry.update(error)
        text = json_encode(entry, ascii_responses)
    else:
        head = "[ERROR]"
        if error["errorType"]:
            head += " " + error["errorType"] + (":" if error["errorMessage"] else "")
        if error["errorMessage"]:
            head += " " + error["errorMessage"]
        lines = [head, "Traceback (most recent call last):"]
        for element in error["stackTrace"]:
            lines += [indent(line) for line in element.splitlines()] if element else [""]
        text = "\n".join(lines)
    flush_stdio()
    sys.stdout.write(text + "\n")
    flush_stdio()


def indent(line):
    stripped = line.lstrip(" ")
    return ERROR_INDENT * (len(line) - len(stripped)) + stripped


# --- JSON ---------------------------------------------------------------------------
#
# The _json accelerator does everything the json package does for the plain
# dumps and loads used here; importing it directly spares json's import of re
# and enum. Each is checked once against a known answer and json stands in
# if the accelerator is missing or behaves differently.

_encoders = {}
_decoder = []


def json_encode(obj, ensure_ascii):
    encode = _encoders.get(ensure_ascii)
    if encode is None:
        encode = _encoders[ensure_ascii] = make_json_encoder(ensure_ascii)
    return encode(obj)


def json_decode(data):
    if not _decoder:
        _decoder.append(make_json_decoder())
    return _decoder[0](data)


def make_json_encoder(ensure_ascii):
    try:
        import _json

        escape = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring

        def encode(obj):
            numbers = []  # Decimals, written in place of their placeholders
            encoder = _json.make_encoder({}, _decimal_default(numbers), escape, None, ": ", ", ", False, False, True)
            text = "".join(encoder(obj, 0))
            for i, number in enumerate(numbers):
                text = text.replace(escape(_placeholder(i)), number, 1)
            return text

        probe = {"a": [1, 2.5, "\u00e9\n", None, True, {}]}
        expect = '{"a": [1, 2.5, "\\u00e9\\n", null, true, {}]}' if ensure_ascii else '{"a": [1, 2.5, "\u00e9\\n", null, true, {}]}'
        if encode(probe) == expect:
            return encode
    except Exception:
        pass
    import json

    encoder = json.JSONEncoder(ensure_ascii=ensure_ascii, default=_decimal_default(None))
    return encoder.encode


def make_json_decoder():
    try:
        import _json

        class Context(object):
            strict = True
            object_hook = None
            object_pairs_hook = None
            parse_float = float
            parse_int = int
            parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
            memo = {}

        scan = _json.make_scanner(Context())
        blank = " \t\n\r"

        def decode(data):
            try:
                text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
                obj, end = scan(text, len(text) - len(text.lstrip(blank)))
                if not text[end:].strip(blank):
                    return obj
            except Exception:
                pass
            import json  # for its error message

            return json.loads(data)

        if decode(b' {"a": [1, 2.5, "\\u00e9", null, true, {}]} ') == {"a": [1, 2.5, "\u00e9", None, True, {}]}:
            return decode
    except Exception:
        pass
    import json

    return json.loads


_nonce = os.urandom(6).hex()


def _placeholder(i):
    return "\x00%s:%d\x00" % (_nonce, i)


def _decimal_default(numbers):
    """The encoder's default: Decimals as exact numbers (like simplejson), else
    json's TypeError."""

    def default(o):
        cls = type(o)
        if cls.__name__ == "Decimal" and cls.__module__ in ("decimal", "_decimal", "_pydecimal"):
            if o.is_nan():
                return float("nan")
            if numbers is None:  # the json package cannot write raw numbers
                return int(o) if o == o.to_integral_value() else float(o)
            numbers.append(str(o))
            return _placeholder(len(numbers) - 1)
        raise TypeError("Object of type %s is not JSON serializable" % cls.__name__)

    return default


def python_at_least(env, version):
    """Whether AWS_EXECUTION_ENV names a Python runtime of at least version."""
    parts = env.rpartition("python")[2].split(".")
    try:
        return tuple(int(p) for p in parts) >= version
    except ValueError:
        return False


def read_settings():
    """The settings the environment gives: Python 3.12 and later runtimes
    answer with UTF-8 text, older ones escape non-ASCII characters; the log
    format."""
    global ascii_responses, json_logs
    ascii_responses = not python_at_least(os.environ.get("AWS_EXECUTION_ENV", ""), (3, 12))
    json_logs = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"


read_settings()


# --- Logging ------------------------------------------------------------------------


class LoggingSetup(object):
    """A meta path finder that lets the first import of logging run, then gives
    the root logger AWS's handler. Functions that never log never pay for
    importing logging."""

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                spec.loader = ConfigureAfterLoad(spec.loader)
                return spec
        return None


class ConfigureAfterLoad(object):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        module.__loader__ = module.__spec__.loader = self.loader
        configure_logging(module)


def configure_logging(logging):
    """Gives the root logger AWS's handler, format and level."""
    logging.Formatter.converter = time.gmtime

    class Handler(logging.Handler):
        def emit(self, record):
            try:
                text = self.format(record)
                sys.stdout.write(text if text.endswith("\n") else text + "\n")
            except Exception:
                self.handleError(record)

    def add_request(record):
        record.aws_request_id = request_id or ""
        record.tenant_id = tenant_id
        return True

    handler = Handler()
    if json_logs:
        handler.setFormatter(json_formatter(logging))
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    handler.addFilter(add_request)
    root = logging.getLogger()
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    level = "DEBUG" if level == "TRACE" else level
    if level in logging._nameToLevel:
        root.setLevel(level)


# LogRecord attributes that are not copied into JSON log entries.
RECORD_FIELDS = frozenset(
    "name msg args levelname levelno pathname filename module exc_info exc_text stack_info lineno "
    "funcName created msecs relativeCreated thread threadName processName process aws_request_id "
    "tenant_id".split()
)


def json_formatter(logging):
    class JSONFormatter(logging.Formatter):
        def format(self, record):
            level = min(50, max(0, record.levelno)) // 10 * 10
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            entry = {
                "timestamp": "%s.%03dZ" % (stamp, record.msecs),
                "level": logging.getLevelName(level),
                "message": record.getMessage(),
                "logger": record.name,
                "requestId": getattr(record, "aws_request_id", None),
            }
            if record.exc_info:
                import traceback

                etype, value, tb = record.exc_info
                entry["stackTrace"] = traceback.format_tb(tb)
                entry["errorType"] = etype.__name__
                entry["errorMessage"] = str(value)
                entry["location"] = "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
            if getattr(record, "tenant_id", None) is not None:
                entry["tenantId"] = record.tenant_id
            for key, value in record.__dict__.items():
                if key not in RECORD_FIELDS and key not in entry:
                    entry[key] = value
            entry = dict((k, v) for k, v in entry.items() if v is not None)
            try:
                return json_encode(entry, False) + "\n"
            except (TypeError, ValueError):
                return json_encode(dict((k, v if is_plain(v) else str(v)) for k, v in entry.items()), False) + "\n"

    return JSONFormatter()


def is_plain(value):
    return isinstance(value, (str, int, float, bool, list, dict))


# --- Runtime API ------------------------------------------------------------------


def quote(segment):
    """Percent-encodes a path segment."""
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
    return b"".join(bytes([c]) if c in safe else b"%%%02X" % c for c in segment.encode("utf-8"))


class RuntimeAPI(object):
    """An HTTP/1.1 keep-alive client of the Runtime API, on a raw socket."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.address = (host or "127.0.0.1", int(port))
        self.host = address.encode("ascii")
        self.sock = None
        self.buf = bytearray()

    def next(self):
        """Waits for the next invocation; returns (lower-cased headers, body)."""
        status, headers, body = self.request(b"GET", b"/runtime/invocation/next")
        if status != 200:
            sys.stderr.write("[ERROR] Runtime API next answered %d: %r\n" % (status, body[:1024]))
            sys.exit(1)
        return headers, body

    def post_response(self, request_id, body, content_type):
        path = b"/runtime/invocation/%s/response" % quote(request_id)
        self.post(path, body, [(b"Content-Type", content_type.encode())])

    def post_error(self, request_id, error):
        self.post_failure(b"/runtime/invocation/%s/error" % quote(request_id), error)

    def post_init_error(self, error):
        self.post_failure(b"/runtime/init/error", error)

    def post_failure(self, path, error):
        body = json_encode(error, ascii_responses).encode("utf-8")
        headers = [(b"Content-Type", b"application/json")]
        error_type = error["errorType"].encode("utf-8")
        if error_type and b"\r" not in error_type and b"\n" not in error_type:
            headers.append((b"Lambda-Runtime-Function-Error-Type", error_type))
        self.post(path, body, headers)

    def post(self, path, body, headers):
        status, _, answer = self.request(b"POST", path, body, headers)
        if status // 100 != 2:
            sys.stderr.write("[ERROR] Runtime API %s answered %d: %r\n" % (path.decode(), status, answer[:1024]))

    def request(self, method, path, body=b"", headers=()):
        head = [b"%s /%s%s HTTP/1.1" % (method, RUNTIME_API_VERSION.encode(), path), b"Host: " + self.host]
        if method == b"POST":
            head.append(b"Content-Length: %d" % len(body))
        head += [name + b": " + value for name, value in headers]
        message = b"\r\n".join(head) + b"\r\n\r\n" + body
        reused = self.sock is not None
        try:
            return self.exchange(message)
        except OSError:
            self.close()
            if not reused:
                raise
        # The server closed the idle connection; try once on a new one.
        return self.exchange(message)

    def exchange(self, message):
        if self.sock is None:
            import _socket

            self.sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
            self.sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            self.sock.connect(self.address)
            del self.buf[:]
        self.sock.sendall(message)
        status, headers = self.read_head()
        body = self.read_body(status, headers)
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def read_head(self):
        end = self.buf.find(b"\r\n\r\n")
        while end < 0:
            self.fill()
            end = self.buf.find(b"\r\n\r\n")
        lines = self.buf[:end].decode("utf-8", "replace").split("\r\n")
        del self.buf[: end + 4]
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    def read_body(self, status, headers):
        if status in (204, 304) or status // 100 == 1:
            return b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return self.read_chunked()
        length = headers.get("content-length")
        if length is None:  # the body runs to the end of the connection
            try:
                while True:
                    self.fill()
            except ConnectionError:
                pass
            body = bytes(self.buf)
            self.close()
            return body
        return self.read_exactly(int(length))

    def read_chunked(self):
        parts = []
        while True:
            size = int(self.read_line().split(b";")[0], 16)
            if size == 0:
                while self.read_line():  # trailers
                    pass
                return b"".join(parts)
            parts.append(self.read_exactly(size))
            self.read_line()

    def read_line(self):
        end = self.buf.find(b"\r\n")
        while end < 0:
            self.fill()
            end = self.buf.find(b"\r\n")
        line = bytes(self.buf[:end])
        del self.buf[: end + 2]
        return line

    def read_exactly(self, n):
        while len(self.buf) < n:
            self.fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def fill(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise ConnectionResetError("Runtime API closed the connection")
        self.buf += data

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None

