#!/usr/bin/env python3
"""Differential run: the same requests against two engines, outputs normalised and diffed.

Usage: compat/differential.py [--images | --containers] REFERENCE_SOCKET JOCKER_SOCKET [OUTDIR]

--images runs the image commands (load, images, inspect, history, tag, rmi, save) on the
Docker-made fixture instead of the system cases; both engines must hold no jocker-fixture image.

--containers runs the container commands (run, exit codes, inspect, ps, logs, stop, kill, wait, rm,
events, error bodies, resource options) on the busybox fixture, which it loads into both engines
first. It removes the containers it made (all named difftest-*) before and after. Both engines
must be idle meanwhile: the events case reads every event of a few seconds.

Run on a developer machine with a reference engine (Debian's docker.io) started by hand — never
in CI. Each case sends the same bytes to both sockets (raw HTTP, the docker CLI v28) and records
status, the headers clients read, and the body with IDs, versions and times replaced by
placeholders. The script prints a unified diff; every remaining difference must be explained in
the closing note of the issue.
"""
import difflib
import json
import os
import re
import socket
import subprocess
import sys
import time

DOCKER = "/usr/local/bin/docker"
HEADERS_OF_INTEREST = ("content-type", "api-version", "ostype", "docker-experimental", "cache-control", "pragma",
                       "builder-version", "swarm", "location", "connection", "transfer-encoding")


def raw(sock_path, data, read_timeout=3.0):
    """Sends bytes, returns what came back until the server closed or went quiet."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(read_timeout)
    s.connect(sock_path)
    chunks = []
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        chunks.append(b"")  # the server stopped reading (oversized request); read what it answered

    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and response_complete(b"".join(chunks)):
                break
    except socket.timeout:
        chunks.append(b"<no more bytes within timeout>")
    except ConnectionResetError:
        chunks.append(b"<connection reset>")
    s.close()
    return b"".join(chunks)


def response_complete(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lower = head.lower()
    m = re.search(rb"content-length: *(\d+)", lower)
    if m:
        return len(body) >= int(m.group(1))
    if b"transfer-encoding: chunked" in lower:
        return body.endswith(b"0\r\n\r\n")
    return False


def normalise_text(text):
    text = re.sub(r"[0-9a-f]{64}", "<ID64>", text)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<ID64>", text)
    text = re.sub(r"([A-Z0-9]{4}:){11}[A-Z0-9]{4}", "<ID64>", text)  # dockerd 20.10's key-style ID
    text = re.sub(r"\b1\.(4[0-9]|2[0-9]|3[0-9]|1[0-9])\b", "<APIVER>", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", "<TIME>", text)
    text = re.sub(r"\b1[6-9]\d{8}(\d{9})?\b", "<EPOCH>", text)
    return text


def http_case(sock_path, request):
    data = raw(sock_path, request)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0] if lines else ""
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    kept = {k: headers[k] for k in HEADERS_OF_INTEREST if k in headers}
    if "chunked" in headers.get("transfer-encoding", ""):
        body = dechunk(body)
    text = body.decode("utf-8", "replace")
    return normalise_text(f"{status}\n" + "".join(f"{k}: {v}\n" for k, v in sorted(kept.items())) + text)


def dechunk(body):
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            return out + body
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


def cli_case(sock_path, args):
    env = dict(os.environ, DOCKER_HOST="unix://" + sock_path, DOCKER_CONFIG="/tmp/differential-docker-config")
    p = subprocess.run([DOCKER] + args, env=env, capture_output=True, text=True, timeout=60)
    return normalise_text(f"exit={p.returncode}\nstdout:\n{p.stdout}stderr:\n{p.stderr}")


def json_keys_case(sock_path, path):
    data = raw(sock_path, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    head, _, body = data.partition(b"\r\n\r\n")
    if b"chunked" in head.lower():
        body = dechunk(body)
    try:
        return "keys: " + " ".join(sorted(json.loads(body).keys())) + "\n"
    except ValueError:
        return "not JSON\n"


def cases():
    now = int(time.time())
    get = lambda path: f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    return [
        ("HEAD /_ping", "http", b"HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("GET /_ping", "http", get("/_ping")),
        ("GET /v1.41/_ping", "http", get("/v1.41/_ping")),
        ("GET /v9.99/version", "http", get("/v9.99/version")),
        ("GET /v1.5/version", "http", get("/v1.5/version")),
        ("GET /nosuch", "http", get("/nosuch")),
        ("DELETE /version (wrong method)", "http", b"DELETE /version HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("POST /_ping (wrong method)", "http", b"POST /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
        ("GET /version/ (trailing slash)", "http", get("/version/")),
        ("GET //version", "http", get("//version")),
        ("OPTIONS /version", "http", b"OPTIONS /version HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("garbage", "http", b"hello\r\n\r\n"),
        ("oversized header (2 MB)", "http", b"GET /_ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (2 << 20) + b"\r\n\r\n"),
        ("events past window", "http", get(f"/events?since={now - 5}&until={now - 4}")),
        ("events since > until", "http", get("/events?since=200&until=100")),
        ("events filters=notjson", "http", get("/events?since=1&until=2&filters=notjson")),
        ("events since=abc", "http", get("/events?since=abc&until=2")),
        ("events list-form filter", "http", get('/events?since=1&until=2&filters=%7B%22type%22%3A%5B%22container%22%5D%7D')),
        ("/version keys", "keys", "/version"),
        ("/info keys", "keys", "/info"),
        ("docker version --format {{.Server.ApiVersion}}", "cli", ["version", "--format", "{{.Server.APIVersion}}"]),
        ("docker events --since 1h --until 1s --filter type=container", "cli",
         ["events", "--since", "1h", "--until", "1s", "--filter", "type=container"]),
        ("docker events --filter bogus", "cli", ["events", "--filter", "bogus", "--since", "1m", "--until", "0s"]),
        ("docker version --format {{.Nope}}", "cli", ["version", "--format", "{{.Nope}}"]),
        ("docker info --format {{.OSType}} {{.Architecture}}", "cli", ["info", "--format", "{{.OSType}} {{.Architecture}}"]),
        ("docker container inspect nosuch", "cli", ["container", "inspect", "nosuch"]),
    ]


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "images")


def image_cases():
    """The image commands of the images issue, run in order (each case may depend on the last)."""
    fixture = os.path.join(FIXTURES, "busybox-docker20.tar")
    return [
        ("docker load", "cli", ["load", "-i", fixture]),
        ("docker images", "cli", ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}"]),
        ("docker image inspect (fields)", "cli", ["image", "inspect", "--format",
            "{{.Id}} {{json .RepoTags}} {{.Os}}/{{.Architecture}} {{.Size}} {{json .RootFS}} {{json .Config.Env}} "
            "{{json .Config.Cmd}} {{.Config.WorkingDir}} {{json .Config.Labels}}", "jocker-fixture/busybox:1"]),
        ("docker history", "cli", ["history", "jocker-fixture/child:1"]),
        ("docker tag", "cli", ["tag", "jocker-fixture/busybox:1", "difftest/other:2"]),
        ("docker images reference filter", "cli", ["images", "--format", "{{.Repository}}:{{.Tag}}", "difftest/*"]),
        ("docker rmi tag only", "cli", ["rmi", "difftest/other:2"]),
        ("docker rmi nosuch", "cli", ["rmi", "nosuch"]),
        ("docker image inspect nosuch", "cli", ["image", "inspect", "nosuch:1"]),
        ("docker images bad filter", "cli", ["images", "--filter", "bogus=1"]),
        ("docker save | tar listing", "save", "jocker-fixture/busybox:1"),
        ("docker rmi child", "cli", ["rmi", "jocker-fixture/child:1"]),
        ("docker rmi busybox", "cli", ["rmi", "jocker-fixture/busybox:1"]),
        ("docker images after", "cli", ["images", "-q"]),
    ]


CONTAINER_IMAGE = "jocker-fixture/busybox:1"
# Values that differ by nature between two runs: replaced by a placeholder wherever the key occurs.
VOLATILE_KEYS = {"Id", "ID", "Created", "StartedAt", "FinishedAt", "Pid", "IPAddress", "MacAddress", "Gateway",
                 "SandboxKey", "SandboxID", "EndpointID", "NetworkID", "HostnamePath", "HostsPath", "ResolvConfPath",
                 "LogPath", "time", "timeNano", "CreatedAt", "RunningFor", "LowerDir", "MergedDir",
                 "UpperDir", "WorkDir", "LinkLocalIPv6Address"}


def normalise_container_text(text):
    text = normalise_text(text)
    text = re.sub(r"\b[0-9a-f]{12}\b", "<ID12>", text)
    text = re.sub(r"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b", "<MAC>", text)
    text = re.sub(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(/\d+)?\b", "<IP>", text)
    text = re.sub(r"/[^\s\"']*?/(containers|overlay2|image|exec|exits)/", r"<ROOT>/\1/", text)
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \w+", "<TIME>", text)
    text = re.sub(r"(About an?|Less than a|\d+) (second|minute|hour)s?", "<DURATION>", text)
    return text


def flatten(value, prefix=""):
    """One `path = value` line per leaf, keys sorted, volatile values replaced: diffs then show key sets and values."""
    if isinstance(value, dict):
        if not value:
            return [f"{prefix} = {{}}"]
        out = []
        for k in sorted(value):
            v = value[k]
            if k in VOLATILE_KEYS and v not in (None, "", 0, "0001-01-01T00:00:00Z"):
                out.append(f"{prefix}.{k} = <{k.upper()}>")
            else:
                out += flatten(v, f"{prefix}.{k}")
        return out
    if isinstance(value, list):
        if not value:
            return [f"{prefix} = []"]
        out = []
        for i, v in enumerate(value):
            out += flatten(v, f"{prefix}[{i}]")
        return out
    return [f"{prefix} = {json.dumps(value)}"]


def docker(sock_path, args, timeout=60):
    env = dict(os.environ, DOCKER_HOST="unix://" + sock_path, DOCKER_CONFIG="/tmp/differential-docker-config")
    return subprocess.run([DOCKER] + args, env=env, capture_output=True, text=True, timeout=timeout)


def container_cli(sock_path, args):
    p = docker(sock_path, args)
    return normalise_container_text(f"exit={p.returncode}\nstdout:\n{p.stdout}stderr:\n{p.stderr}")


def container_json(sock_path, args, select=None):
    """A CLI command printing JSON (one document, or one per line), flattened."""
    p = docker(sock_path, args)
    lines = [f"exit={p.returncode}"]
    if p.returncode != 0:
        lines.append("stderr: " + p.stderr.strip())
    text = p.stdout.strip()
    docs = []
    try:
        docs = [json.loads(text)] if text.startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
    except ValueError:
        lines.append("not JSON: " + text[:500])
    for i, doc in enumerate(docs):
        if isinstance(doc, list):
            doc = doc[0] if len(doc) == 1 else doc
        if select:
            doc = select(doc)
        lines += flatten(doc, f"[{i}]" if len(docs) > 1 else "")
    return normalise_container_text("\n".join(lines) + "\n")


def container_http(sock_path, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\n"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    return normalise_container_text(http_case(sock_path, head.encode() + data))


def remove_difftest_containers(sock_path):
    p = docker(sock_path, ["ps", "-aq", "--filter", "name=difftest-"])
    ids = p.stdout.split()
    if ids:
        docker(sock_path, ["rm", "-f"] + ids, timeout=120)


def events_case(sock_path):
    """Every event of one attached `docker run --rm`, in order."""
    time.sleep(1.1)  # a fresh second: --since is in whole seconds
    since = int(time.time())
    run = docker(sock_path, ["run", "--rm", "--name", "difftest-ev", CONTAINER_IMAGE, "true"])
    time.sleep(1.5)
    until = int(time.time()) + 1
    return f"run exit={run.returncode}\n" + container_json(
        sock_path, ["events", "--since", str(since), "--until", str(until), "--format", "{{json .}}"])


def container_cases():
    """The containers issue's cases, run in order: later ones use the containers earlier ones made."""
    img = CONTAINER_IMAGE
    cli = lambda *args: (lambda sock: container_cli(sock, list(args)))
    js = lambda *args, select=None: (lambda sock: container_json(sock, list(args), select))
    http = lambda method, path, body=None: (lambda sock: container_http(sock, method, path, body))
    pause = lambda seconds: (lambda sock: (time.sleep(seconds), "")[1])
    return [
        ("run --rm sh -c 'echo out; echo err >&2; exit 3'", cli("run", "--rm", img, "sh", "-c",
                                                                  "echo out; echo err >&2; exit 3")),
        ("run --rm missing binary", cli("run", "--rm", img, "nosuchbinary")),
        ("run --rm missing binary path", cli("run", "--rm", img, "/nosuch/bin")),
        ("run --rm not executable (a directory)", cli("run", "--rm", img, "/bin")),
        ("run -d sleep", cli("run", "-d", "--name", "difftest-a", img, "sleep", "1000")),
        ("inspect running container", js("inspect", "difftest-a")),
        ("inspect --size (SizeRw, SizeRootFs)", cli("inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "difftest-a")),
        ("ps -a --format json", js("ps", "-a", "--filter", "name=difftest-a", "--format", "{{json .}}")),
        ("run -d output then logs", cli("run", "-d", "--name", "difftest-log", img,
                                        "sh", "-c", "echo hello; sleep 0.3; echo oops >&2; exit 4")),
        ("wait (exit 4)", cli("wait", "difftest-log")),
        ("logs", cli("logs", "difftest-log")),
        ("logs --tail 1", cli("logs", "--tail", "1", "difftest-log")),
        ("inspect exited container State", js("inspect", "difftest-log", select=lambda d: d["State"])),
        ("rm running without -f", cli("rm", "difftest-a")),
        ("stop (PID 1 ignores TERM: killed, 137)", cli("stop", "-t", "1", "difftest-a")),
        ("exit code after stop", cli("inspect", "-f", "{{.State.ExitCode}} {{.State.Status}} {{.State.OOMKilled}}",
                                     "difftest-a")),
        ("stop of a stopped container (304)", http("POST", "/v1.41/containers/difftest-a/stop")),
        ("run -d --init sleep", cli("run", "-d", "--init", "--name", "difftest-init", img, "sleep", "1000")),
        ("stop --init container (TERM reaches sleep: 143)", cli("stop", "-t", "5", "difftest-init")),
        ("exit code after stop --init", cli("inspect", "-f", "{{.State.ExitCode}} {{.State.Status}}", "difftest-init")),
        ("run -d trap USR1", cli("run", "-d", "--name", "difftest-sig", img, "sh", "-c",
                                 "trap 'echo got USR1' USR1; echo ready; while true; do sleep 0.2; done")),
        ("pause", pause(1)),
        ("kill -s USR1", cli("kill", "-s", "USR1", "difftest-sig")),
        ("pause", pause(1)),
        ("logs after USR1", cli("logs", "difftest-sig")),
        ("kill -s NOPE (CLI)", cli("kill", "-s", "NOPE", "difftest-sig")),
        ("kill unknown signal (400)", http("POST", "/v1.41/containers/difftest-sig/kill?signal=NOPE")),
        ("kill (KILL)", cli("kill", "difftest-sig")),
        ("wait after kill (137)", cli("wait", "difftest-sig")),
        ("kill of a stopped container (409)", http("POST", "/v1.41/containers/difftest-sig/kill")),
        ("rm", cli("rm", "difftest-sig")),
        ("rm again (404)", cli("rm", "difftest-sig")),
        ("events of one run --rm", events_case),
        ("create unknown image (404)", http("POST", "/v1.41/containers/create", {"Image": "nosuch/image:1"})),
        ("create name conflict (409)", http("POST", "/v1.41/containers/create?name=difftest-a", {"Image": img})),
        ("create invalid name (400)", http("POST", "/v1.41/containers/create?name=bad%21name", {"Image": img})),
        ("run --cap-add NOPE", cli("run", "--rm", "--cap-add", "NOPE", img, "true")),
        ("run --network nosuch", cli("run", "--rm", "--name", "difftest-net", "--network", "nosuch", img, "true")),
        ("run -u nosuch", cli("run", "--rm", "--name", "difftest-user", "-u", "nosuch", img, "true")),
        ("create with resources", cli(
            "create", "--name", "difftest-hc", "--memory", "32m", "--pids-limit", "64", "--cpus", "0.5",
            "--read-only", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", "--tmpfs", "/x", "--ulimit",
            "nofile=100:200", "--init", img, "sh", "-c", "ulimit -n; ulimit -Hn; touch /x/ok && echo tmpfs ok; "
            "touch /y 2>&1 | head -c 40; echo; cat /sys/fs/cgroup/memory/memory.limit_in_bytes")),
        ("inspect HostConfig", js("inspect", "difftest-hc", select=lambda d: d["HostConfig"])),
        ("start -a the resources container", cli("start", "-a", "difftest-hc")),
        ("rm -f all", lambda sock: (remove_difftest_containers(sock), "")[1]),
        ("ps -a after", cli("ps", "-a", "--filter", "name=difftest-", "--format", "{{.Names}}")),
    ]


def run_containers(sock_path):
    load = docker(sock_path, ["load", "-i", os.path.join(FIXTURES, "busybox-only.tar")], timeout=120)
    if load.returncode != 0:
        sys.exit(f"docker load into {sock_path}: {load.stderr}")
    remove_difftest_containers(sock_path)
    out = []
    try:
        for name, fn in container_cases():
            result = fn(sock_path)
            if name != "pause":
                out.append(f"=== {name}\n{result.rstrip()}\n")
    finally:
        remove_difftest_containers(sock_path)
    return "\n".join(out)


def save_case(sock_path, name):
    env = dict(os.environ, DOCKER_HOST="unix://" + sock_path, DOCKER_CONFIG="/tmp/differential-docker-config")
    p = subprocess.run([DOCKER, "save", name], env=env, capture_output=True, timeout=60)
    listing = subprocess.run(["tar", "t"], input=p.stdout, capture_output=True)
    names = sorted(n for n in listing.stdout.decode().splitlines() if "/" not in n or n.startswith("blobs/sha256/"))
    return f"exit={p.returncode}\nhas manifest.json: {'manifest.json' in names}\n"


def run(sock_path, image_mode=False, container_mode=False):
    if container_mode:
        return run_containers(sock_path)
    out = []
    for name, kind, arg in (image_cases() if image_mode else cases()):
        if kind == "save":
            out.append(f"=== {name}\n{save_case(sock_path, arg).rstrip()}\n")
            continue
        if kind == "http":
            result = http_case(sock_path, arg)
        elif kind == "keys":
            result = json_keys_case(sock_path, arg)
        else:
            result = cli_case(sock_path, arg)
        out.append(f"=== {name}\n{result.rstrip()}\n")
    return "\n".join(out)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    image_mode = "--images" in sys.argv
    container_mode = "--containers" in sys.argv
    args = [a for a in sys.argv[1:] if a not in ("--images", "--containers")]
    reference, jocker = args[0], args[1]
    outdir = args[2] if len(args) > 2 else "/tmp/differential"
    os.makedirs(outdir, exist_ok=True)
    ref_text, jocker_text = (run(reference, image_mode, container_mode),
                             run(jocker, image_mode, container_mode))
    open(os.path.join(outdir, "reference.txt"), "w").write(ref_text)
    open(os.path.join(outdir, "jocker.txt"), "w").write(jocker_text)
    diff = difflib.unified_diff(ref_text.splitlines(True), jocker_text.splitlines(True), "reference", "jocker")
    sys.stdout.writelines(diff)


if __name__ == "__main__":
    main()
