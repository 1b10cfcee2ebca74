package io.jasyncio.reliability;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.SubprocessEndpoint;
import io.jasyncio.SubprocessOptions;
import io.jasyncio.SubprocessProtocol;
import io.jasyncio.streams.Subprocess;
import java.util.List;

/**
 * The program of {@link ChildrenOnExitAttackTest}, run in a child JVM: starts {@code sleep 600}
 * through the stream API ({@code streams}) or the loop's ({@code loop}), with or without
 * {@code keepOnExit} ({@code keep} or {@code end}), prints {@code child PID}, then returns from
 * {@code main} ({@code exit}) or waits for a signal ({@code wait}).
 */
public final class SpawnsAChild {
    private SpawnsAChild() {}

    /**
     * Starts the grandchild and exits or waits.
     *
     * @param args {@code streams|loop keep|end exit|wait}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        boolean keep = args[1].equals("keep");
        long pid = Asyncio.run(args[0].equals("streams") ? viaStreams(keep) : viaLoop(keep));
        System.out.println("child " + pid);
        if (args[2].equals("wait")) {
            Thread.sleep(600_000);
        }
    }

    @Async
    static Coroutine<Long> viaStreams(boolean keep) {
        Subprocess p = await(Subprocess.createSubprocessExec(
                Subprocess.Options.DEFAULTS
                        .withStdin(Subprocess.Redirect.DEVNULL)
                        .withStdout(Subprocess.Redirect.DEVNULL)
                        .withStderr(Subprocess.Redirect.DEVNULL) // a kept child must not hold the test's pipe
                        .withKeepOnExit(keep),
                "sleep",
                "600"));
        return done(p.pid());
    }

    @Async
    static Coroutine<Long> viaLoop(boolean keep) {
        SubprocessOptions options = SubprocessOptions.PIPES
                .withStdin(SubprocessOptions.Redirect.DEVNULL)
                .withStdout(SubprocessOptions.Redirect.DEVNULL)
                .withStderr(SubprocessOptions.Redirect.DEVNULL)
                .withKeepOnExit(keep);
        SubprocessEndpoint<SubprocessProtocol> started = await(
                getRunningLoop().subprocessExec(() -> new SubprocessProtocol() {}, List.of("sleep", "600"), options));
        return done(started.transport().getPid());
    }
}
