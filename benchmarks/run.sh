#!/usr/bin/env bash
# Runs jasyncio's short benchmark suite with its peers and prints one table (see README.md).
#
#   benchmarks/run.sh                        # build, JMH on JDK 17, virtual threads on JDK 25, W5 memory, CPython
#   JMH_ARGS='-prof jfr' benchmarks/run.sh   # extra JMH options for the JDK 17 run (here: a JFR recording per fork)
#   SKIP_BUILD=1 benchmarks/run.sh           # reuse the jars already built
#   QUIET_LOAD=1.0 benchmarks/run.sh         # first wait (up to 15 minutes) for the 1-minute load average
#                                            # to drop below 1.0: the machine is shared, and contention for its
#                                            # 2 cores moves every figure
#
# Everything lands in benchmarks/target/results/<date-time>/ (the jars it ran, JMH JSON and logs,
# memory.txt, python.txt, machine.txt, table.md). Takes 5 to 6 minutes on the project's 2-core
# machine. A step that fails is reported and skipped; the table shows what was measured.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/target/results/$(date -u +%Y%m%d-%H%M%S)"

jdk17=""
for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do
  if [ -x "$d/bin/java" ]; then jdk17=$d; break; fi
done
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
[ -n "$jdk17" ] || { echo "no JDK 17 under /usr/lib/jvm" >&2; exit 1; }
[ -x "$jdk25/bin/java" ] || { echo "no JDK 25 at $jdk25 (needed for the virtual-thread peer)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (CPython peer, and the table)" >&2; exit 1; }

built_agent="$root/agent/target/jasyncio-agent.jar"
built_jar="$here/target/benchmarks.jar"

# The usable agent jar is the shaded one: a Premain-Class, and ASM relocated inside.
agent_ok() { # (no grep -q in a pipe: it would close the pipe early, and pipefail would see unzip's SIGPIPE)
  [ -f "$built_agent" ] || return 1
  local manifest entries
  manifest=$(unzip -p "$built_agent" META-INF/MANIFEST.MF 2>/dev/null) || return 1
  entries=$(unzip -l "$built_agent" 2>/dev/null) || return 1
  grep -q '^Premain-Class' <<<"$manifest" && grep -q 'io/jasyncio/agent/shaded/asm/' <<<"$entries"
}

# 1. Build the runtime, the agent and this module; tests neither compiled nor run. Others may be
#    building the same tree at the same moment (agent/target is shared), hence the retries.
build() { (cd "$root" && JAVA_HOME=$jdk17 PATH="$jdk17/bin:$PATH" mvn -B -q package -Dmaven.test.skip=true -Pbenchmarks -pl benchmarks -am); }
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "=== building (JDK 17)"
  for attempt in 1 2 3; do
    if build && agent_ok && [ -f "$built_jar" ]; then break; fi
    [ "$attempt" = 3 ] && { echo "build failed three times" >&2; exit 1; }
    echo "build failed or left an incomplete agent jar (a concurrent build?); retrying"
    sleep 10
  done
fi
agent_ok || { echo "no usable agent jar at $built_agent" >&2; exit 1; }
[ -f "$built_jar" ] || { echo "missing $built_jar" >&2; exit 1; }

# Run from copies, so that a build started meanwhile in the same tree cannot swap a jar under a
# running suite. The agent's path reaches the forks absolutely (see BenchmarkMain).
mkdir -p "$out"
agent="$out/jasyncio-agent.jar"
jar="$out/benchmarks.jar"
cp "$built_agent" "$agent"
cp "$built_jar" "$jar"

if [ -n "${QUIET_LOAD:-}" ]; then
  for _ in $(seq 90); do
    awk -v max="$QUIET_LOAD" '{ exit !($1 < max) }' /proc/loadavg && break
    echo "waiting for a quieter machine: load $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 10
  done
fi

pressure() {
  if [ -r /proc/pressure/cpu ]; then
    sed -n 's/^some /CPU pressure (share of time some task waited for a CPU): /p' /proc/pressure/cpu
  fi
}
{
  echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'); host $(hostname)"
  echo "JDK 17: $("$jdk17/bin/java" -version 2>&1 | sed -n 2p)"
  echo "JDK 25: $("$jdk25/bin/java" -version 2>&1 | sed -n 2p)"
  echo "CPython: $(python3 --version 2>&1)"
  echo "CPU: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
  echo "Memory (free -h):"
  free -h | sed 's/^/    /'
  echo "jasyncio: commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
       "($(git -C "$root" --no-optional-locks status --porcelain 2>/dev/null | wc -l) paths with uncommitted changes)"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  pressure
} > "$out/machine.txt"
cat "$out/machine.txt"

failed=()
step() { # step NAME COMMAND...: runs it, and remembers a failure instead of stopping
  local name=$1; shift
  "$@" || { echo "!!! step '$name' failed (exit $?)"; failed+=("$name"); }
}
summary='^(# Benchmark:|Benchmark |[A-Z][A-Za-z0-9]*Benchmark\.)'

# 2. JMH on JDK 17: every workload class but the virtual threads. JMH runs in the results folder,
#    so that profiler output (JMH_ARGS='-prof jfr') lands there too.
jmh17() {
  # shellcheck disable=SC2086
  (cd "$out" && "$jdk17/bin/java" -Djasyncio.agent="$agent" -jar "$jar" -e 'VirtualThreadsBenchmark' \
      -rf json -rff "$out/jmh-jdk17.json" ${JMH_ARGS:-} 'io.jasyncio.benchmarks.*') 2>&1 \
    | tee "$out/jmh-jdk17.log" | grep -E "$summary"
}
echo "=== JMH, JDK 17"
step "JMH on JDK 17" jmh17

# 3. JMH on JDK 25: the virtual-thread peer (one carrier; the flags are in the class's @Fork).
jmh25() {
  (cd "$out" && "$jdk25/bin/java" -Djasyncio.agent="$agent" -jar "$jar" \
      -rf json -rff "$out/jmh-jdk25.json" 'io.jasyncio.benchmarks.VirtualThreadsBenchmark') 2>&1 \
    | tee "$out/jmh-jdk25.log" | grep -E "$summary"
}
echo "=== JMH, JDK 25 (virtual threads)"
step "JMH on JDK 25" jmh25

# 4. W5 (and W2's retained bytes): heap after full GC, serial collector compacting everything.
memflags=(-XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -Xms2g -Xmx2g "-javaagent:$agent" -cp "$jar")
memory17() { "$jdk17/bin/java" "${memflags[@]}" io.jasyncio.benchmarks.W5Memory | tee -a "$out/memory.txt"; }
memory25() {
  "$jdk25/bin/java" "${memflags[@]}" -Djdk.virtualThreadScheduler.parallelism=1 \
      -Djdk.virtualThreadScheduler.maxPoolSize=1 io.jasyncio.benchmarks.W5Memory virtual-threads | tee -a "$out/memory.txt"
}
echo "=== W5 memory"
step "W5 memory, JDK 17" memory17
step "W5 memory, virtual threads, JDK 25" memory25

# 5. CPython asyncio, the same workloads and sizes.
cpython() { python3 "$here/python/asyncio_bench.py" | tee "$out/python.txt"; }
echo "=== CPython asyncio"
step "CPython" cpython

{ echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"; pressure; } >> "$out/machine.txt"
echo
echo "=== Results ($out)"
python3 "$here/report.py" "$out" | tee "$out/table.md"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed steps: ${failed[*]}"
  exit 1
fi
