package io.jasyncio.benchmarks.kotlin

import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.function.LongSupplier
import kotlin.time.Duration.Companion.nanoseconds

/**
 * The Kotlin coroutines peer of each workload: kotlinx.coroutines on one thread, the event loop
 * of `runBlocking` (no dispatcher, no thread pool). Called by the Java JMH benchmarks, so that
 * the peer is measured in the same run, with the same forks and flags, as jasyncio.
 */
object KotlinPeers {
    /** W1: two coroutines each `yield()` switches/2 times. */
    fun switches(switches: Int) = runBlocking {
        val half = switches / 2
        val a = launch { repeat(half) { yield() } }
        val b = launch { repeat(half) { yield() } }
        joinAll(a, b)
    }

    /** W2: n coroutines, each `delay(10 ms)`, all joined. */
    fun spawn(n: Int) = runBlocking {
        val jobs = ArrayList<Job>(n)
        repeat(n) { jobs.add(launch { delay(10) }) }
        jobs.joinAll()
    }

    /** W3: fib(n) where every call is a `suspend` call that never suspends. */
    fun fib(n: Int): Int = runBlocking { suspendFib(n) }

    private suspend fun suspendFib(n: Int): Int = if (n < 2) n else suspendFib(n - 1) + suspendFib(n - 2)

    /** W4: one coroutine per timer, each `delay`ing its own delay (kotlinx rounds delays up to whole ms). */
    fun timers(delaysNanos: LongArray): Int {
        var fired = 0
        runBlocking {
            for (d in delaysNanos) {
                launch {
                    delay(d.nanoseconds)
                    fired++
                }
            }
        } // runBlocking returns once every child has finished
        return fired
    }

    /** Gather fan-out: n children, each yields once and returns its index; all awaited, results summed. */
    fun fanOut(n: Int): Long = runBlocking {
        val children = List(n) { i -> async { yield(); i } }
        children.awaitAll().sumOf { it.toLong() }
    }

    /** Producer/consumer: n integers through a `Channel(capacity)`, producer and consumer coroutines; returns the sum. */
    fun producerConsumer(n: Int, capacity: Int): Long = runBlocking {
        val channel = Channel<Int>(capacity)
        val consumer = async {
            var sum = 0L
            repeat(n) { sum += channel.receive() }
            sum
        }
        for (i in 0 until n) channel.send(i)
        consumer.await()
    }

    /**
     * W2/W5 memory: n coroutines each suspended in a long `delay`. [heapUsed] (a full GC, then
     * the heap in use) is called on the loop thread once before they are launched and once while
     * they all sleep; returns the difference. The sleepers are then cancelled.
     */
    fun sleepingCoroutinesBytes(n: Int, heapUsed: LongSupplier): Long = runBlocking {
        val jobs = ArrayList<Job>(n)
        val before = heapUsed.asLong
        repeat(n) { jobs.add(launch { delay(1_000_000) }) }
        yield() // every child starts and suspends in delay
        val after = heapUsed.asLong
        jobs.forEach { it.cancel() }
        after - before
    }
}
