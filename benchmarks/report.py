#!/usr/bin/env python3
"""Prints run.sh's one table from the files a run left in its results folder:

    jmh-jdk17.json    JMH, every benchmark but the virtual threads, on JDK 17
    jmh-jdk25.json    JMH, VirtualThreadsBenchmark, on JDK 25
    memory.txt        W5Memory's "MEMORY <key> <bytes>" lines (JDK 17, and virtual threads on JDK 25)
    python.txt        asyncio_bench.py's "RESULT <key> <median> <min> <max> <unit>" lines
    machine.txt       date, JDKs, nproc, free -h, load averages

Every figure is "lower is better" (times per operation, bytes), so each ratio is jasyncio / peer:
below 1 jasyncio is ahead. A peer cell reads "figure (ratio)". The target cell reads "target
(jasyncio / target)": 1 or below means the target is met.

    python3 report.py RESULTS_DIR
"""

import json
import os
import sys

# PERFORMANCE.md's targets, in each row's unit; W4 is about the time past the last deadline.
LAST_DEADLINE_S = 1.0


def load_jmh(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for r in json.load(f):
            name = r["benchmark"].rsplit(".", 2)
            m = r["primaryMetric"]
            err = m.get("scoreError")
            if not isinstance(err, (int, float)) or err != err:  # NaN when there is one sample
                err = None
            out[name[-2] + "." + name[-1]] = (m["score"], err, m["scoreUnit"])
    return out


def number(text):
    try:
        return float(text)
    except ValueError:
        return text


def load_lines(path, tag):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == tag:
                out[parts[1]] = [number(p) for p in parts[2:]]
    return out


def fmt(x):
    if x is None:
        return "—"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return ""
    r = a / b
    text = f"{r:.0f}" if r >= 10 else f"{r:.1f}" if r >= 1 else f"{r:.2f}"
    return f" ({text}×)"


def main():
    d = sys.argv[1]
    j17 = load_jmh(os.path.join(d, "jmh-jdk17.json"))
    j25 = load_jmh(os.path.join(d, "jmh-jdk25.json"))
    mem = load_lines(os.path.join(d, "memory.txt"), "MEMORY")
    py = load_lines(os.path.join(d, "python.txt"), "RESULT")

    def jmh(src, key, scale=1.0):
        v = src.get(key)
        return None if v is None else (v[0] * scale, None if v[1] is None else v[1] * scale)

    def m(key):
        v = mem.get(key)
        return None if v is None else (v[0], None)

    def p(key):
        v = py.get(key)
        return None if v is None else v[0]

    def first(v):
        return None if v is None else v[0]

    # (workload, unit, jasyncio (value, error), floor, kotlin, [(label, vthreads)], cpython, [(label, other)],
    #  target, value compared with the target, target text)
    rows = [
        ("W1 switch", "ns/switch", jmh(j17, "W1SwitchBenchmark.jasyncio"), first(jmh(j17, "W1SwitchBenchmark.floor")),
         first(jmh(j17, "W1SwitchBenchmark.kotlin")),
         [("park/unpark", first(jmh(j25, "VirtualThreadsBenchmark.w1ParkUnpark"))),
          ("yield", first(jmh(j25, "VirtualThreadsBenchmark.w1Yield")))],
         p("w1.ns_per_switch"), [], 15.0, None, "≤ 15"),
        ("W2 spawn 1M tasks", "s", jmh(j17, "W2SpawnBenchmark.jasyncio"), first(jmh(j17, "W2SpawnBenchmark.floor")),
         first(jmh(j17, "W2SpawnBenchmark.kotlin")), [("", first(jmh(j25, "VirtualThreadsBenchmark.w2Spawn")))],
         p("w2.seconds"), [], 0.5, None, "≤ 0.5"),
        ("W2 retained per sleeping task, gathered", "B", m("task.gathered"), first(m("floor.sleeping")),
         first(m("kotlin.sleeping")), [("", first(m("vthread.sleeping")))], p("memory.task.sleeping"), [], 128.0,
         None, "≤ 128"),
        ("W3 call chain fib(27)", "ns/call", jmh(j17, "W3CallChainBenchmark.jasyncio"),
         first(jmh(j17, "W3CallChainBenchmark.floor")), first(jmh(j17, "W3CallChainBenchmark.kotlin")), [],
         p("w3.ns_per_call"), [], 4.0, None, "≤ 4"),
        ("W4 1M timers, real clock", "s", jmh(j17, "W4TimersBenchmark.jasyncio"),
         first(jmh(j17, "W4TimersBenchmark.floor")), first(jmh(j17, "W4TimersBenchmark.kotlin")),
         [("", first(jmh(j25, "VirtualThreadsBenchmark.w4Timers")))], p("w4.seconds"),
         [("STPE(1)", first(jmh(j17, "W4TimersBenchmark.scheduledThreadPoolExecutor")))], 0.15, "past",
         "≤ 0.15 past the last deadline"),
        ("W4 1M timers, virtual clock", "s", jmh(j17, "W4TimersBenchmark.jasyncioVirtualClock"),
         first(jmh(j17, "W4TimersBenchmark.floorNoWait")), None, [], None, [], 0.8, None, "≤ 0.8"),
        ("Gather fan-out 10k", "ns/child", jmh(j17, "GatherFanOutBenchmark.jasyncio"),
         first(jmh(j17, "GatherFanOutBenchmark.floor")), first(jmh(j17, "GatherFanOutBenchmark.kotlin")), [],
         p("fanout.ns_per_child"), [], None, None, "—"),
        ("Producer/consumer, Queue(100), 100k items", "ns/item", jmh(j17, "ProducerConsumerBenchmark.jasyncio"),
         first(jmh(j17, "ProducerConsumerBenchmark.floor")), first(jmh(j17, "ProducerConsumerBenchmark.kotlin")), [],
         p("queue.ns_per_item"), [], None, None, "—"),
        ("W5 coroutine, 0 live locals", "B", m("coroutine.0"), None, None, [], None, [], None, None, "—"),
        ("W5 coroutine, 3 live locals", "B", m("coroutine.3"), None, None, [], None, [], 64.0, None, "≤ 64"),
        ("W5 coroutine, 10 live locals", "B", m("coroutine.10"), None, None, [], None, [], None, None, "—"),
        ("W5 sleeping task", "B", m("task.sleeping"), first(m("floor.sleeping")), first(m("kotlin.sleeping")),
         [("", first(m("vthread.sleeping")))], p("memory.task.sleeping"), [], 128.0, None, "≤ 128"),
        ("W7 instrument a class (4 coroutines)", "µs/class", jmh(j17, "W7AgentBenchmark.instrument"), None, None,
         [], None, [("same, warm resolver", first(jmh(j17, "W7AgentBenchmark.instrumentSharedResolver")))], None, None,
         "—"),
        ("W7 scan java.lang.String (no coroutine)", "µs/class", jmh(j17, "W7AgentBenchmark.scanString"), None, None,
         [], None, [], 10.0, None, "< 10"),
        ("W7 scan java.util.HashMap (no coroutine)", "µs/class", jmh(j17, "W7AgentBenchmark.scanHashMap"), None,
         None, [], None, [], 10.0, None, "< 10"),
    ]

    header = ["workload", "unit", "jasyncio (JDK 17)", "plain-Java floor", "Kotlin coroutines",
              "virtual threads (JDK 25)", "CPython 3.11 asyncio", "other", "target (PERFORMANCE.md)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for (name, unit, js, floor, kotlin, vts, cpy, others, target, compare, target_text) in rows:
        jv = None if js is None else js[0]
        if js is None:
            jcell = "not measured"
        else:
            jcell = fmt(js[0]) + ("" if js[1] is None else " ± " + fmt(js[1]))
        if compare == "past" and jv is not None:
            jcell += f" ({fmt(jv - LAST_DEADLINE_S)} past the last deadline)"
        vt_cell = "; ".join(((label + " ") if label else "") + fmt(v) + ratio(jv, v) for label, v in vts if v is not None)
        other_cell = "; ".join(label + " " + fmt(v) + ratio(jv, v) for label, v in others if v is not None)
        tv = jv - LAST_DEADLINE_S if (compare == "past" and jv is not None) else jv
        tcell = target_text + (ratio(tv, target) if target is not None else "")
        if target is not None and tv is not None:
            tcell += " met" if tv <= target else " **missed**"
        cells = [name, unit, jcell,
                 "—" if floor is None else fmt(floor) + ratio(jv, floor),
                 "—" if kotlin is None else fmt(kotlin) + ratio(jv, kotlin),
                 vt_cell or "—",
                 "—" if cpy is None else fmt(cpy) + ratio(jv, cpy),
                 other_cell or "—", tcell]
        print("| " + " | ".join(cells) + " |")
    print()
    print("Ratios in parentheses are jasyncio / that figure (below 1: jasyncio is ahead, or the target is met).")
    print("W4 virtual clock: jasyncio on Runner.virtualTime(); the floor column is the same heap drained without waiting.")
    print("Not measured: W6 echo (no I/O API yet).")
    machine = os.path.join(d, "machine.txt")
    if os.path.exists(machine):
        print()
        with open(machine) as f:
            sys.stdout.write(f.read())


if __name__ == "__main__":
    main()
