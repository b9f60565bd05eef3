# Assembles bench/results/<timestamp>.json from one bench/run: hyperfine's export, LoadGen's
# lines and the RSS readings, plus the foundation issue's targets evaluated on them.
# Called by bench/run with jq -n and the --arg/--argjson/--slurpfile names used below.

# dockerd + containerd VmRSS after the reference captures (/work/ref/rss-after-tests.txt:
# 81900 + 39788 KiB), the issue's "about 118 MiB"; the RSS target falls back to it when this run
# has no reference of its own.
def captured_reference_rss_kib: 121688;

def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
def ms: if . == null then null else . * 1000 end;

def median: sort | length as $n
  | if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
def stddev: length as $n | (add / $n) as $m
  | if $n < 2 then null else (map((. - $m) * (. - $m)) | add / ($n - 1) | sqrt) end;

# $hyperfine holds one export per round; a command's statistics come from all its rounds' times.
([$hyperfine[].results[]] | group_by(.command) | map({key: .[0].command, value: .}) | from_entries) as $by_command
| ($commands[0] | to_entries | map(.key as $name | ($by_command[$name] // []) as $rounds_of
    | ([$rounds_of[].times[]]) as $t
    | ([$rounds_of[] | .times | length] | add) as $n
    | {key: $name, value: {
        command: .value,
        medianMs: ($t | median | ms), meanMs: ($t | add / length | ms), stddevMs: ($t | stddev | ms),
        minMs: ($t | min | ms), maxMs: ($t | max | ms),
        userMs: ([$rounds_of[] | .user * (.times | length)] | add / $n | ms),
        systemMs: ([$rounds_of[] | .system * (.times | length)] | add / $n | ms),
        runs: $n}})
  | from_entries) as $version
| ($version["jocker-version"].medianMs) as $jocker
| ($load | map(. + {ok: (.exitCode == 0)})) as $runs_load
| def load_rps($engine; $path; $scenario):
    first($runs_load[] | select(.engine == $engine and .path == $path and .scenario == $scenario)
          | if .ok then .requestsPerSecond else null end) // null;
  (load_rps("jocker"; "/_ping"; "keepalive-4")) as $ping4_jocker
| (load_rps("dockerd"; "/_ping"; "keepalive-4")) as $ping4_dockerd
| ($refAfter // captured_reference_rss_kib) as $rss_limit
| {
    timestamp: $timestamp,
    commit: $commit,
    host: {cpus: $cpus, loadavgAtStart: $loadavgStart, loadavgAtEnd: $loadavgEnd,
           note: "the load generator runs on the same CPUs as the daemon under test, for every engine alike"},
    reference: $reference,
    clientJarsChangedWhileTimed: $jarsChanged,
    version: {
      runs: $version["jocker-version"].runs, rounds: $rounds, warmupRunsPerRound: 5, commands: $version,
      ratios: {
        jockerOverFloorClient: ratio($jocker; $version["floor-client"].medianMs),
        jockerOverJavaVersion: ratio($jocker; $version["java-version"].medianMs),
        jockerOverDockerVersionJocker: ratio($jocker; $version["docker-version-jocker"].medianMs),
        jockerOverDockerVersionDockerd: ratio($jocker; $version["docker-version-dockerd"].medianMs)
      }
    },
    load: {
      warmupSeconds: $loadWarmup, seconds: $loadSeconds,
      runs: $runs_load,
      ratios: [
        $runs_load[] | select(.engine == "jocker")
        | {path, scenario,
           jockerOverDockerd: ratio(load_rps("jocker"; .path; .scenario); load_rps("dockerd"; .path; .scenario))}
      ]
    },
    rss: {
      jocker: {freshKiB: $jockerFresh, afterLoadKiB: $jockerAfter, peakKiB: $jockerPeak},
      reference: (if $reference then
        {freshKiB: $refFresh, afterLoadKiB: $refAfter, peakKiB: $refPeak, processes: "dockerd + containerd"}
        else null end)
    },
    targets: [
      {name: "/_ping req/s, 4 keep-alive connections: jocker / dockerd", unit: "x", comparison: ">=", limit: 1.0,
       value: ratio($ping4_jocker; $ping4_dockerd),
       met: (if $ping4_jocker == null then false
             elif $ping4_dockerd == null then null
             else $ping4_jocker >= $ping4_dockerd end),
       basis: (if $reference then "measured in this run" else "needs --reference" end)},
      {name: "daemon RSS after the load vs dockerd + containerd", unit: "KiB", comparison: "<=", limit: $rss_limit,
       value: $jockerAfter,
       met: ($jockerAfter <= $rss_limit),
       basis: (if $refAfter != null then "reference measured after the same load in this run"
               else "reference from /work/ref/rss-after-tests.txt; no --reference" end)},
      {name: "jocker version / floor client", unit: "x", comparison: "<=", limit: 1.15,
       value: ratio($jocker; $version["floor-client"].medianMs),
       basis: "hyperfine medians in this run"},
      {name: "jocker version / docker version (v28 CLI -> jocker)", unit: "x", comparison: "<=", limit: 3.5,
       value: ratio($jocker; $version["docker-version-jocker"].medianMs),
       basis: "hyperfine medians in this run"}
    ]
    | map(if has("met") then . else . + {met: (if .value == null then null else .value <= .limit end)} end)
  }
