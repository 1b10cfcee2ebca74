#!/usr/bin/env python3
"""CPython asyncio peer of jasyncio's benchmarks: the workloads of shared/PERFORMANCE.md with the
same sizes as the JMH classes in ../src/main/java/io/jasyncio/benchmarks/ (no uvloop).

Prints one line per figure, which run.sh reads:

    RESULT <key> <median> <min> <max> <unit>

then a human-readable line. Each figure is the median of --repeat runs (W2 and W4, which take
seconds each, default to fewer runs), after one smaller warm-up run of the same code.

    python3 asyncio_bench.py            # everything
    python3 asyncio_bench.py w1 w3      # some workloads
"""

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time
import tracemalloc

SWITCHES = 2_000_000        # W1: switches in all, half in each of two tasks
TASKS = 1_000_000           # W2
SLEEP_SECONDS = 0.010       # W2
FIB_N = 27                  # W3
FIB_CALLS = 635_621         # W3: fib(27) makes 2 * fib(28) - 1 calls
TIMERS = 1_000_000          # W4
CHILDREN = 10_000           # gather fan-out
ITEMS = 100_000             # producer/consumer
CAPACITY = 100              # producer/consumer queue bound
MEMORY_COUNT = 200_000      # W2/W5 retained bytes


def result(key, samples, unit):
    s = sorted(samples)
    med = statistics.median(s)
    print(f"RESULT {key} {med:.6g} {s[0]:.6g} {s[-1]:.6g} {unit}")
    print(f"  {key}: {med:.4g} {unit} (median of {len(s)}, min {s[0]:.4g}, max {s[-1]:.4g})", flush=True)


def timed(coro_factory):
    """Runs one coroutine in a fresh loop; returns its wall time in seconds."""
    start = time.perf_counter()
    asyncio.run(coro_factory())
    return time.perf_counter() - start


# W1 switch ---------------------------------------------------------------------------------------

async def yielder(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def ping_pong(switches):
    await asyncio.gather(yielder(switches // 2), yielder(switches // 2))


def w1(repeat):
    timed(lambda: ping_pong(SWITCHES // 10))
    result("w1.ns_per_switch", [timed(lambda: ping_pong(SWITCHES)) * 1e9 / SWITCHES for _ in range(repeat)], "ns")


# W2 spawn ----------------------------------------------------------------------------------------

async def sleeper():
    await asyncio.sleep(SLEEP_SECONDS)


async def spawn(n):
    await asyncio.gather(*[sleeper() for _ in range(n)])


def w2(repeat):
    timed(lambda: spawn(TASKS // 10))
    result("w2.seconds", [timed(lambda: spawn(TASKS)) for _ in range(repeat)], "s")


# W3 call chain -----------------------------------------------------------------------------------

async def fib(n):
    if n < 2:
        return n
    return await fib(n - 1) + await fib(n - 2)


def w3(repeat):
    timed(lambda: fib(20))
    result("w3.ns_per_call", [timed(lambda: fib(FIB_N)) * 1e9 / FIB_CALLS for _ in range(repeat)], "ns")


# W4 timers ---------------------------------------------------------------------------------------

def delays(n):
    rnd = random.Random(42)
    return [rnd.random() for _ in range(n)]


async def timers(ds):
    loop = asyncio.get_running_loop()
    all_fired = loop.create_future()
    fired = 0
    total = len(ds)

    def count():
        nonlocal fired
        fired += 1
        if fired == total:
            all_fired.set_result(fired)

    for d in ds:
        loop.call_later(d, count)
    await all_fired


def w4(repeat):
    ds = delays(TIMERS)
    timed(lambda: timers(ds[: TIMERS // 10]))
    result("w4.seconds", [timed(lambda: timers(ds)) for _ in range(repeat)], "s")


# Gather fan-out ----------------------------------------------------------------------------------

async def child(i):
    await asyncio.sleep(0)
    return i


async def fan_out(n):
    results = await asyncio.gather(*[child(i) for i in range(n)])
    assert sum(results) == n * (n - 1) // 2


def fanout(repeat):
    timed(lambda: fan_out(CHILDREN))
    result("fanout.ns_per_child", [timed(lambda: fan_out(CHILDREN)) * 1e9 / CHILDREN for _ in range(repeat)], "ns")


# Producer/consumer ------------------------------------------------------------------------------

async def producer(q, n):
    for i in range(n):
        await q.put(i)


async def consumer(q, n):
    total = 0
    for _ in range(n):
        total += await q.get()
    return total


async def pipeline(n, capacity):
    q = asyncio.Queue(capacity)
    c = asyncio.create_task(consumer(q, n))
    await producer(q, n)
    assert await c == n * (n - 1) // 2


def queue(repeat):
    timed(lambda: pipeline(ITEMS // 10, CAPACITY))
    result("queue.ns_per_item", [timed(lambda: pipeline(ITEMS, CAPACITY)) * 1e9 / ITEMS for _ in range(repeat)], "ns")


# W2/W5 memory ------------------------------------------------------------------------------------

async def long_sleeper():
    await asyncio.sleep(100)


async def sleeping_tasks(n):
    tasks = [None] * n
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        tasks[i] = asyncio.ensure_future(long_sleeper())
    await asyncio.sleep(0)  # every task takes its first step and sleeps
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return (after - before) / n


def memory(repeat):
    tracemalloc.start()
    try:
        per_task = asyncio.run(sleeping_tasks(MEMORY_COUNT))
    finally:
        tracemalloc.stop()
    result("memory.task.sleeping", [per_task], "B")


WORKLOADS = {"w1": (w1, 3), "w2": (w2, 1), "w3": (w3, 5), "w4": (w4, 1), "fanout": (fanout, 5),
             "queue": (queue, 3), "memory": (memory, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workloads", nargs="*", help="some of: " + " ".join(WORKLOADS))
    parser.add_argument("--repeat", type=int, default=0, help="measured runs per workload (default: per workload)")
    args = parser.parse_args()
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        parser.error("unknown workload(s): " + " ".join(unknown))
    print(f"# CPython {sys.version.split()[0]} asyncio, {asyncio.get_event_loop_policy().__class__.__name__}")
    for name in args.workloads or list(WORKLOADS):
        fn, default_repeat = WORKLOADS[name]
        fn(args.repeat or default_repeat)


if __name__ == "__main__":
    main()
