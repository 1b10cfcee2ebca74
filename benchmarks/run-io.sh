#!/usr/bin/env bash
# W6 I/O: echo round trips/s and HTTP requests/s over loopback, one server thread, with 100 and
# 10,000 connections, for jasyncio, CPython asyncio, uvloop and Netty (one event-loop thread, NIO;
# epoll too, noted) in the same run. Servers are separate processes; the load generators are the
# same for every server: io/echo_load.c (C, epoll, one thread, built here with cc) and wrk -t1.
#
#   benchmarks/run-io.sh                       # build, then everything (about 4 minutes)
#   SKIP_BUILD=1 benchmarks/run-io.sh          # reuse the classes and jars already built
#   SECONDS_EACH=10 WARMUP=5 REPEATS=3 benchmarks/run-io.sh   # longer, median of 3 (default 5, 3, 1)
#   SERVERS="jasyncio netty-nio" WORKLOADS=echo CONNS=100 benchmarks/run-io.sh
#   JFR=1 benchmarks/run-io.sh                 # a JFR recording of each jasyncio server
#   PIN=1 benchmarks/run-io.sh                 # server on CPU 0, load generator on CPU 1
#   JVM_OPTS="-XX:+UseParallelGC" benchmarks/run-io.sh   # extra flags for every Java server
#
# Servers: jasyncio (streams samples), jasyncio-proto (EchoProtocolServer, HttpProtocolServer),
# asyncio and uvloop (streams), asyncio-proto and
# uvloop-proto (the same servers on asyncio.Protocol), netty-nio, netty-epoll, and floor
# (io/floor_server.c: C, epoll, no runtime; what the kernel alone costs).
#
# Results in benchmarks/target/io-results/<date-time>/ (results.tsv, table.md, machine.txt,
# the servers' logs). Needs: JDK 17, wrk, cc, python3, /usr/bin/python3 with uvloop, and a hard
# limit on open files of at least 10,200 (ulimit -Hn).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/target/io-results/$(date -u +%Y%m%d-%H%M%S)"
SECONDS_EACH=${SECONDS_EACH:-5}
WARMUP=${WARMUP:-3}
REPEATS=${REPEATS:-1}
SERVERS=${SERVERS:-"jasyncio jasyncio-proto asyncio uvloop uvloop-proto netty-nio netty-epoll floor"}
WORKLOADS=${WORKLOADS:-"echo http"}
CONNS=${CONNS:-"100 10000"}
# The same listen backlog for every server (the kernel caps it at net.core.somaxconn). wrk opens
# all its connections at once: with asyncio's default of 100 most of 10,000 SYNs would be dropped
# and retried a second or more later, and the HTTP figure would measure that. The echo load
# paces its connects and does not depend on it.
BACKLOG=${BACKLOG:-4096}
# With PIN=1 the server (every thread of it) runs on CPU 0 and the load generator on CPU 1, so
# neither takes the other's core and a server's throughput follows its own CPU per operation.
# Without it both float over all cores, as they would on a shared machine.
if [ -n "${PIN:-}" ]; then
  command -v taskset >/dev/null || { echo "PIN=1 needs taskset (util-linux)" >&2; exit 1; }
  [ "$(nproc)" -ge 2 ] || { echo "PIN=1 needs two cores" >&2; exit 1; }
  pin_server="taskset -c 0"; pin_load="taskset -c 1"
else
  pin_server=""; pin_load=""
fi

jdk17=""
for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do
  if [ -x "$d/bin/java" ]; then jdk17=$d; break; fi
done
[ -n "$jdk17" ] || { echo "no JDK 17 under /usr/lib/jvm" >&2; exit 1; }
java="$jdk17/bin/java"
command -v wrk >/dev/null || { echo "wrk is needed for the HTTP load" >&2; exit 1; }
command -v cc >/dev/null || { echo "cc is needed to build the echo load generator" >&2; exit 1; }
pyasync=python3
pyuv=/usr/bin/python3
"$pyuv" -c 'import uvloop' 2>/dev/null || { echo "$pyuv has no uvloop" >&2; exit 1; }

hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 10200 ]; then
  echo "the hard limit on open files is $hard; 10,000 connections need at least 10,200 (raise ulimit -Hn)" >&2
  exit 1
fi
ulimit -n "$hard"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "=== building (JDK 17)"
  (cd "$root" && JAVA_HOME=$jdk17 PATH="$jdk17/bin:$PATH" mvn -B -q package -Dmaven.test.skip=true \
      -Pbenchmarks -pl samples,benchmarks -am) || { echo "build failed" >&2; exit 1; }
fi
agent="$root/agent/target/jasyncio-agent.jar"
samples_cp="$root/runtime/target/classes:$root/samples/target/classes"
bench_jar="$here/target/benchmarks.jar"
for f in "$agent" "$bench_jar" "$root/samples/target/classes/io/jasyncio/samples/HttpServer.class"; do
  [ -e "$f" ] || { echo "missing $f: build first" >&2; exit 1; }
done
mkdir -p "$out"
cc -O2 -o "$out/echo_load" "$here/io/echo_load.c" || { echo "cannot build echo_load" >&2; exit 1; }
cc -O2 -o "$out/floor_server" "$here/io/floor_server.c" || { echo "cannot build floor_server" >&2; exit 1; }

{
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "JDK: $("$java" -version 2>&1 | head -1)"
  echo "CPython: $($pyasync --version 2>&1); uvloop: $("$pyuv" -c 'import sys, uvloop; print(uvloop.__version__, "on Python", sys.version.split()[0])')"
  echo "Netty: $(unzip -p "$bench_jar" META-INF/io.netty.versions.properties 2>/dev/null | sed -n 's/^netty-codec-http.version=//p')"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "CPU: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')); kernel $(uname -r)"
  echo "Open files: hard limit $hard; listen backlog $BACKLOG, somaxconn $(cat /proc/sys/net/core/somaxconn)"
  echo "Extra JVM flags (jasyncio and Netty alike): ${JVM_OPTS:-none}"
  if [ -n "${PIN:-}" ]; then echo "Pinning: server on CPU 0, load on CPU 1"
  else echo "Pinning: none (server and load share all cores)"; fi
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

JVM_OPTS=${JVM_OPTS:-}
jfr_opts() { # $1 = tag
  [ -n "${JFR:-}" ] && echo "-XX:StartFlightRecording=filename=$out/$1.jfr,settings=profile"
}

server_cmd() { # $1 = server, $2 = workload, $3 = tag
  local main
  case "$1" in
    jasyncio)
      [ "$2" = echo ] && main=io.jasyncio.samples.EchoServer || main=io.jasyncio.samples.HttpServer
      echo "$java $JVM_OPTS $(jfr_opts "$3") -javaagent:$agent -cp $samples_cp $main 0 127.0.0.1 $BACKLOG" ;;
    jasyncio-proto)
      [ "$2" = echo ] && main=io.jasyncio.samples.EchoProtocolServer || main=io.jasyncio.samples.HttpProtocolServer
      echo "$java $JVM_OPTS $(jfr_opts "$3") -javaagent:$agent -cp $samples_cp $main 0 127.0.0.1 $BACKLOG" ;;
    asyncio) echo "$pyasync $here/io/servers.py $2 0 $BACKLOG" ;;
    uvloop) echo "$pyuv $here/io/servers.py $2 0 $BACKLOG --uvloop" ;;
    asyncio-proto) echo "$pyasync $here/io/servers.py $2 0 $BACKLOG --protocol" ;;
    uvloop-proto) echo "$pyuv $here/io/servers.py $2 0 $BACKLOG --uvloop --protocol" ;;
    floor) echo "$out/floor_server $2 0 $BACKLOG" ;;
    netty-nio) echo "$java $JVM_OPTS -cp $bench_jar io.jasyncio.benchmarks.io.NettyServers $2 0 $BACKLOG nio" ;;
    netty-epoll) echo "$java $JVM_OPTS -cp $bench_jar io.jasyncio.benchmarks.io.NettyServers $2 0 $BACKLOG epoll" ;;
    *) echo "unknown server $1" >&2; return 1 ;;
  esac
}

pid=""
stop_server() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=""
  fi
}
trap stop_server EXIT

start_server() { # $1 = server, $2 = workload, $3 = tag; sets pid and port
  local cmd log
  cmd=$(server_cmd "$1" "$2" "$3") || return 1
  log="$out/$3.log"
  $pin_server $cmd > "$log" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 300); do
    port=$(sed -n '1s/^serving on .*:\([0-9][0-9]*\)\/\{0,1\}$/\1/p' "$log")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "  $1 did not start; see $log" >&2
  stop_server
  return 1
}

# CPU seconds (user system) the server process has used so far.
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f %.2f\n", $12 / hz, $13 / hz }' "/proc/$1/stat"
}

measure() { # $1 = workload, $2 = conns, $3 = tag; prints "rate user_s sys_s" or nothing
  local res rate cpu0 cpu1
  if [ "$1" = echo ]; then
    res=$($pin_load "$out/echo_load" "$port" "$2" "$WARMUP" "$SECONDS_EACH" 64 "$pid" 2>>"$out/$3.load.log") || return 1
    echo "$res" >>"$out/$3.load.log"
    rate=$(sed -n 's/^round_trips_per_second //p' <<<"$res")
    cpu1=$(sed -n 's/^server_cpu_seconds //p' <<<"$res")
    echo "$rate ${cpu1:-- -}"
  else
    $pin_load wrk -t1 -c"$2" -d"${WARMUP}s" "http://127.0.0.1:$port/" >>"$out/$3.load.log" 2>&1
    cpu0=$(cpu_of "$pid")
    res=$($pin_load wrk -t1 -c"$2" -d"${SECONDS_EACH}s" "http://127.0.0.1:$port/" 2>&1)
    cpu1=$(cpu_of "$pid")
    echo "$res" >>"$out/$3.load.log"
    # Requests answered with an error would flatter a server: say so.
    if grep -q 'Non-2xx' <<<"$res"; then echo "  $3: non-2xx responses" >&2; fi
    rate=$(awk '/^Requests\/sec:/ {printf "%.0f\n", $2}' <<<"$res")
    [ -n "$rate" ] && echo "$rate $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f %.2f", y[1] - x[1], y[2] - x[2] }')"
  fi
}

printf 'workload\tconns\tserver\trepeat\trate\tuser_s\tsys_s\tseconds\n' > "$out/results.tsv"
for workload in $WORKLOADS; do
  for conns in $CONNS; do
    for rep in $(seq "$REPEATS"); do
      for server in $SERVERS; do
        tag="$workload-$conns-$server-$rep"
        echo "=== $tag"
        start_server "$server" "$workload" "$tag" || continue
        read -r rate user sys <<<"$(measure "$workload" "$conns" "$tag")"
        stop_server
        if [ -n "$rate" ]; then
          echo "  $rate /s (server CPU: user $user s, system $sys s)"
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$conns" "$server" "$rep" "$rate" \
              "$user" "$sys" "$SECONDS_EACH" >> "$out/results.tsv"
        else
          echo "  failed; see $out/$tag.load.log"
        fi
      done
    done
  done
done
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

python3 - "$out" <<'PY' | tee "$out/table.md"
import csv, statistics, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/results.tsv"), delimiter="\t"))
rates, cpu = {}, {}
for r in rows:
    k = (r["workload"], int(r["conns"]), r["server"])
    rate = float(r["rate"])
    rates.setdefault(k, []).append(rate)
    if r["user_s"] not in ("-", "") and rate > 0:
        n = rate * float(r["seconds"])
        cpu.setdefault(k, []).append((float(r["user_s"]) / n * 1e6, float(r["sys_s"]) / n * 1e6))
servers = [s for s in ["jasyncio", "jasyncio-proto", "asyncio", "uvloop", "asyncio-proto",
                       "uvloop-proto", "netty-nio", "netty-epoll", "floor"]
           if any(k[2] == s for k in rates)]
keys = sorted({(k[0], k[1]) for k in rates}, key=lambda k: (k[0] != "echo", k[1]))
unit = {"echo": "echo round trips/s", "http": "HTTP requests/s"}
def med(k):
    v = rates.get(k)
    return statistics.median(v) if v else None
def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "–"
# The ratio columns: the targets (jasyncio against uvloop and Netty NIO), protocols against
# protocols, and the floor: no server making the same system calls can beat floor / uvloop.
pairs = [("jasyncio", "uvloop"), ("jasyncio", "netty-nio"), ("jasyncio-proto", "uvloop-proto"),
         ("floor", "uvloop"), ("floor", "uvloop-proto"), ("jasyncio", "floor")]
pairs = [(a, b) for a, b in pairs if a in servers and b in servers]
def table(title, value, fmt, invert):
    print(title + "\n")
    heads = [f"{b} / {a}" if invert else f"{a} / {b}" for a, b in pairs]
    print("| workload | connections | " + " | ".join(servers + heads) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in servers + heads) + " |")
    for w, c in keys:
        cells = [value((w, c, s)) for s in servers]
        ratios = [ratio(value((w, c, b)), value((w, c, a))) if invert
                  else ratio(value((w, c, a)), value((w, c, b))) for a, b in pairs]
        print(f"| {unit[w]} | {c:,} | " + " | ".join(fmt(x) if x else "–" for x in cells)
              + "".join(f" | {r}" for r in ratios) + " |")
table("Throughput (median over the repeats):", med, lambda v: f"{v:,.0f}", False)
def per_op(k):
    v = cpu.get(k)
    return statistics.median(u + s for u, s in v) if v else None
# The kernel splits user from system time by sampling at clock ticks, which puts nearly all of a
# loop thread that lives in short system calls into "system": only the sum is meaningful. The
# ratios are inverted (b / a) so that, as above, more than 1 means the first server is ahead.
print()
table("Server CPU per operation, µs (user + system, whole process; median):", per_op,
      lambda v: f"{v:.2f}", True)
PY
echo "results: $out"
