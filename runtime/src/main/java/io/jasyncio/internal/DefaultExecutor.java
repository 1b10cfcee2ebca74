package io.jasyncio.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool {@code runInExecutor(null, ...)} and {@code toThread} use, created on first use, as
 * asyncio's default {@code ThreadPoolExecutor}: at most {@code min(32, cpus + 4)} threads, named
 * {@code asyncio-N}, daemons so a forgotten pool never keeps the JVM alive; idle threads exit
 * after a minute.
 */
final class DefaultExecutor {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private DefaultExecutor() {}

    static ExecutorService create() {
        int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "asyncio-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
