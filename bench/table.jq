# Renders a bench/results/<timestamp>.json (written by summary.jq) as the table bench/run prints.
#   jq -r -f bench/table.jq bench/results/<timestamp>.json

def fixed($d):
  if . == null then "n/a"
  elif $d == 0 then (round | tostring)
  else ((. * pow(10; $d)) | round | tostring) as $s
    | (if ($s | length) <= $d then ("0" * ($d + 1 - ($s | length))) + $s else $s end) as $p
    | $p[0:($p | length) - $d] + "." + $p[($p | length) - $d:]
  end;
def lpad($n): tostring | if length < $n then (" " * ($n - length)) + . else . end;
def rpad($n): tostring | if length < $n then . + (" " * ($n - length)) else . end;
def times: if . == null then "n/a" else fixed(2) + "x" end;
def mib: if . == null then null else . / 1024 end;
def verdict: if . == null then "n/a" elif . then "met" else "NOT MET" end;

def scenario_label:
  {"keepalive-1": "1 keep-alive connection", "keepalive-4": "4 keep-alive connections",
   "new-connection": "new connection per request"}[.] // .;
def command_label:
  {"jocker-version": "jocker version (launcher, warm AOT cache)",
   "java-version": "java -version",
   "floor-client": "floor client (java -cp FloorClient)",
   "curl-version": "curl --unix-socket /version",
   "docker-version-jocker": "docker version (v28) -> jocker",
   "docker-version-dockerd": "docker version (v28) -> dockerd"}[.] // .;

def load_cell($engine; $path; $scenario; $runs):
  (first($runs[] | select(.engine == $engine and .path == $path and .scenario == $scenario)) // null) as $r
  | if $r == null then "" | rpad(30)
    elif $r.exitCode != 0 then
      ("FAILED" + (if ($r.stalled // 0) > 0 then " (\($r.stalled) conn. stalled)" else " (exit \($r.exitCode))" end)) | rpad(30)
    else ($r.requestsPerSecond | fixed(0) | lpad(8)) + "  " + ("\($r.p50Ms | fixed(3))/\($r.p99Ms | fixed(3))" | rpad(20))
    end;

. as $all
| [
  "jocker bench \(.timestamp)  commit \(.commit)  \(.host.cpus) CPUs  load average \(.host.loadavgAtStart) at start, \(.host.loadavgAtEnd) at end",
  (if (.host.loadavgAtStart | split(" ")[0] | tonumber) > 1 then
     "NOTE: the host was busy before the run (1-min load average above 1); expect noisy client numbers" else empty end),
  (if .clientJarsChangedWhileTimed then "WARNING: the client's jars were rebuilt while it was timed, three times; the client numbers are unreliable" else empty end),
  "",
  "Client round trip: hyperfine median of \(.version.runs) runs (\(.version.rounds) rounds in rotated order, 5 warm-up runs each), ms",
  (.version.commands | to_entries[] | "  " + (.key | command_label | rpad(46)) + (.value.medianMs | fixed(2) | lpad(8))),
  "  " + ("jocker / floor client" | rpad(46)) + (.version.ratios.jockerOverFloorClient | times | lpad(9)),
  "  " + ("jocker / java -version" | rpad(46)) + (.version.ratios.jockerOverJavaVersion | times | lpad(9)),
  "  " + ("jocker / docker version -> jocker" | rpad(46)) + (.version.ratios.jockerOverDockerVersionJocker | times | lpad(9)),
  (if .reference then "  " + ("jocker / docker version -> dockerd" | rpad(46)) + (.version.ratios.jockerOverDockerVersionDockerd | times | lpad(9)) else empty end),
  "",
  "Requests per second over the unix socket: \(.load.warmupSeconds) s warm-up (not counted), then \(.load.seconds) s measured.",
  "The load generator shares the \(.host.cpus) CPUs with the daemon under test; every engine is measured the same way.",
  "  " + ("path" | rpad(8)) + ("connections" | rpad(28)) + ("jocker req/s  p50/p99 ms" | rpad(32))
    + (if .reference then ("dockerd req/s  p50/p99 ms" | rpad(32)) + "jocker/dockerd" else "" end),
  (.load.ratios[] as $x
    | "  " + ($x.path | rpad(8)) + ($x.scenario | scenario_label | rpad(28))
      + load_cell("jocker"; $x.path; $x.scenario; $all.load.runs) + "  "
      + (if $all.reference then load_cell("dockerd"; $x.path; $x.scenario; $all.load.runs) + "  "
           + ($x.jockerOverDockerd | times | lpad(9)) else "" end)),
  "",
  "Daemon RSS (VmRSS), MiB" + (if .reference then "; reference = dockerd + containerd" else "" end),
  "  " + ("" | rpad(26)) + ("jocker" | lpad(10)) + (if .reference then ("reference" | lpad(12)) else "" end),
  "  " + ("fresh (after start)" | rpad(26)) + (.rss.jocker.freshKiB | mib | fixed(1) | lpad(10))
    + (if .reference then (.rss.reference.freshKiB | mib | fixed(1) | lpad(12)) else "" end),
  "  " + ("after the load" | rpad(26)) + (.rss.jocker.afterLoadKiB | mib | fixed(1) | lpad(10))
    + (if .reference then (.rss.reference.afterLoadKiB | mib | fixed(1) | lpad(12)) else "" end),
  "  " + ("peak (VmHWM)" | rpad(26)) + (.rss.jocker.peakKiB | mib | fixed(1) | lpad(10))
    + (if .reference then (.rss.reference.peakKiB | mib | fixed(1) | lpad(12)) else "" end),
  "",
  "Targets (foundation issue)",
  (.targets[]
    | (if .unit == "KiB" then {v: (.value | mib | fixed(1)), l: (.limit | mib | fixed(1)), u: " MiB"}
       else {v: (.value | fixed(2)), l: (.limit | fixed(2)), u: "x"} end) as $f
    | (if .value == null then "n/a" else $f.v + $f.u end) as $shown
    | "  " + (.name | rpad(60)) + ("\($shown) \(.comparison) \($f.l)\($f.u)" | rpad(26))
      + (.met | verdict | rpad(9)) + "(" + .basis + ")")
  ]
| .[]
