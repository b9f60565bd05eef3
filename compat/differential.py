#!/usr/bin/env python3
"""Differential run: the same requests against two engines, outputs normalised and diffed.

Usage: compat/differential.py [--images] REFERENCE_SOCKET JOCKER_SOCKET [OUTDIR]

--images runs the image commands (load, images, inspect, history, tag, rmi, save) on the
Docker-made fixture instead of the system cases; both engines must hold no jocker-fixture image.

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


def save_case(sock_path, name):
    env = dict(os.environ, DOCKER_HOST="unix://" + sock_path, DOCKER_CONFIG="/tmp/differential-docker-config")
    p = subprocess.run([DOCKER, "save", name], env=env, capture_output=True, timeout=60)
    listing = subprocess.run(["tar", "t"], input=p.stdout, capture_output=True)
    names = sorted(n for n in listing.stdout.decode().splitlines() if "/" not in n or n.startswith("blobs/sha256/"))
    return f"exit={p.returncode}\nhas manifest.json: {'manifest.json' in names}\n"


def run(sock_path, image_mode=False):
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
    args = [a for a in sys.argv[1:] if a != "--images"]
    reference, jocker = args[0], args[1]
    outdir = args[2] if len(args) > 2 else "/tmp/differential"
    os.makedirs(outdir, exist_ok=True)
    ref_text, jocker_text = run(reference, image_mode), run(jocker, image_mode)
    open(os.path.join(outdir, "reference.txt"), "w").write(ref_text)
    open(os.path.join(outdir, "jocker.txt"), "w").write(jocker_text)
    diff = difflib.unified_diff(ref_text.splitlines(True), jocker_text.splitlines(True), "reference", "jocker")
    sys.stdout.writelines(diff)


if __name__ == "__main__":
    main()
