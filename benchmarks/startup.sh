#!/usr/bin/env bash
# What the agent costs a program at start-up: the Count sample run with -javaagent against the
# same classes rewritten ahead of time by the agent's `instrument` command, in paired
# whole-process runs (agent, ahead-of-time, agent, ...; the order inside a pair alternates).
# Prints the median wall and CPU time of each side and the median of the per-pair differences.
#
#   benchmarks/startup.sh                                   # build, then 10 pairs on `java`
#   RUNS=20 SKIP_BUILD=1 benchmarks/startup.sh              # no build, 20 pairs
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java SKIP_BUILD=1 benchmarks/startup.sh
#   AGENT_JAR=/tmp/old/jasyncio-agent.jar SKIP_BUILD=1 benchmarks/startup.sh   # another build's agent
#
# Times are the kernel's accounting of each finished java process, read through bash's `time`
# keyword (real, user, sys), so nothing but bash, awk and a JDK (java, javac) is needed. The
# machine should be otherwise idle: whatever else runs moves both sides, but not always by the
# same amount. So the script also runs the pairs once more through a small wrapper main that
# prints the CPU time of the main thread when Count.main returns: that thread boots the JVM, runs
# the agent's premain and rewrites Count, so its CPU time is the start-up's critical path, and a
# busy machine moves it far less than wall time (it still slows it some: caches, shared cores).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
JAVA=${JAVA:-java}
AGENT_JAR=${AGENT_JAR:-agent/target/jasyncio-agent.jar}
OUT=benchmarks/target/startup

if [[ -z "${SKIP_BUILD:-}" ]]; then
    mvn -B -q package -DskipTests -pl runtime,agent,samples -am
fi

mkdir -p "$OUT"
rm -rf "$OUT/aot"
"$JAVA" -jar "$AGENT_JAR" instrument samples/target/classes "$OUT/aot" \
    --classpath runtime/target/classes >/dev/null

AGENT=("$JAVA" "-javaagent:$AGENT_JAR" -cp runtime/target/classes:samples/target/classes
    io.jasyncio.samples.Count)
AOT=("$JAVA" -cp "runtime/target/classes:$OUT/aot" io.jasyncio.samples.Count)

# The wrapper for the main thread's CPU time; it loads the management classes only after Count.
mkdir -p "$OUT/probe"
cat >"$OUT/probe/MainThreadCpu.java" <<'JAVA'
public final class MainThreadCpu {
    public static void main(String[] args) throws Throwable {
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        long ns = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.err.printf("main-thread-cpu %.4f%n", ns / 1e9);
    }
}
JAVA
JAVAC="$(dirname "$(command -v "$JAVA")")/javac"
"$JAVAC" --release 17 -d "$OUT/probe" "$OUT/probe/MainThreadCpu.java"
AGENT_PROBE=("$JAVA" "-javaagent:$AGENT_JAR" -cp "runtime/target/classes:samples/target/classes:$OUT/probe"
    MainThreadCpu io.jasyncio.samples.Count)
AOT_PROBE=("$JAVA" -cp "runtime/target/classes:$OUT/aot:$OUT/probe" MainThreadCpu io.jasyncio.samples.Count)

# Both must print the same lines (the last one is the measured time, which differs).
diff <("${AGENT[@]}" | sed '$d') <("${AOT[@]}" | sed '$d') >/dev/null \
    || { echo "the agent and the ahead-of-time classes print different output" >&2; exit 1; }

TIMEFORMAT='%R %U %S'
run() { # prints "wall cpu" in seconds for one run of the command
    local t
    t=$({ time "$@" >/dev/null 2>&1; } 2>&1)
    awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' <<<"$t"
}

probe() { # prints the main thread's CPU seconds for one run of the wrapped command
    "$@" 2>&1 >/dev/null | awk '/^main-thread-cpu / { print $2 }'
}

for ((i = 0; i < WARMUP; i++)); do
    run "${AGENT[@]}" >/dev/null
    run "${AOT[@]}" >/dev/null
done

RESULTS="$OUT/pairs-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "# pair agent_wall agent_cpu aot_wall aot_cpu agent_main_thread_cpu aot_main_thread_cpu" >"$RESULTS"
for ((i = 1; i <= RUNS; i++)); do
    if ((i % 2)); then
        a=$(run "${AGENT[@]}")
        b=$(run "${AOT[@]}")
        pa=$(probe "${AGENT_PROBE[@]}")
        pb=$(probe "${AOT_PROBE[@]}")
    else
        b=$(run "${AOT[@]}")
        a=$(run "${AGENT[@]}")
        pb=$(probe "${AOT_PROBE[@]}")
        pa=$(probe "${AGENT_PROBE[@]}")
    fi
    echo "$i $a $b $pa $pb" >>"$RESULTS"
done

"$JAVA" -version 2>&1 | head -1
echo "agent: $AGENT_JAR"
echo "pairs: $RUNS (after $WARMUP warm-up pairs), each line in $RESULTS; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
awk '
    function median(a, n,    i, j, t) {
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    /^#/ { next }
    { n++; aw[n] = $2; ac[n] = $3; bw[n] = $4; bc[n] = $5; dw[n] = $2 - $4; dc[n] = $3 - $5
      am[n] = $6; bm[n] = $7; dm[n] = $6 - $7 }
    END {
        printf "median wall: agent %.3f s, ahead of time %.3f s; agent minus ahead of time, per pair: %.0f ms\n",
            median(aw, n), median(bw, n), 1000 * median(dw, n)
        printf "median CPU:  agent %.3f s, ahead of time %.3f s; agent minus ahead of time, per pair: %.0f ms\n",
            median(ac, n), median(bc, n), 1000 * median(dc, n)
        printf "median main-thread CPU: agent %.3f s, ahead of time %.3f s; agent minus ahead of time, per pair: %.0f ms\n",
            median(am, n), median(bm, n), 1000 * median(dm, n)
    }' "$RESULTS"
