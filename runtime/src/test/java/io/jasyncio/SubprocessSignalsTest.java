package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.SubprocessOptions.Redirect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SubprocessTransport#sendSignal}, {@link SubprocessTransport#kill()} and
 * {@link SubprocessTransport#terminate()} on real children: any signal on POSIX, asyncio's
 * return codes (-N for a death by signal N), what happens to the pipes, and the end of the
 * transport. The expected outcomes come from the asyncio program kept beside each test (CPython
 * 3.11). After each test no pump or signal helper thread is left.
 */
class SubprocessSignalsTest extends SubprocessLoopTest {

    /** Signal numbers differ between platforms; these tests know Linux's and macOS's. */
    private static int signal(String name) {
        boolean mac = System.getProperty("os.name", "").startsWith("Mac");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                mac || System.getProperty("os.name", "").startsWith("Linux"),
                "signal numbers of this platform are not known to the test");
        switch (name) {
            case "INT":
                return 2;
            case "USR1":
                return mac ? 30 : 10;
            case "STOP":
                return mac ? 17 : 19;
            case "CONT":
                return mac ? 19 : 18;
            default:
                throw new AssertionError(name);
        }
    }

    /*
     * t, p = await loop.subprocess_exec(P, "sleep", "30", stdin=DEVNULL)
     * t.send_signal(signal.SIGINT); await p.done; t.get_returncode()    # -2
     */
    @Test
    void sigintEndsTheChildWithMinusTwo() {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = exec(p, QUIET, "sleep", "30");
        run(e.transport().sendSignal(signal("INT")));
        run(p.lost);
        assertEquals(-2, e.transport().getReturncode());
        assertEquals(4, p.log.size(), p.log.toString());
        assertEquals("made", p.log.get(0));
        assertTrue(p.log.containsAll(List.of("pipe_lost 1 null", "exited -2")), p.log.toString());
        assertEquals("lost null", p.log.get(3));
    }

    /*
     * t, p = await loop.subprocess_shell(P, "trap 'echo got USR1' USR1; echo ready; "
     *                                       "while :; do sleep 0.05; done", stdin=DEVNULL)
     * (after data "ready") t.send_signal(signal.SIGUSR1)   # data "got USR1"
     * t.kill(); await p.done                               # returncode -9
     */
    @Test
    void usr1ReachesTheChildsTrapAndKillEndsItWithMinusNine() {
        int usr1 = signal("USR1");
        Future<Void> ready = loop.createFuture();
        Future<Void> got = loop.createFuture();
        Recorder p = new Recorder() {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                if (out(1).contains("ready") && !ready.done()) {
                    ready.setResult(null);
                }
                if (out(1).contains("got USR1") && !got.done()) {
                    got.setResult(null);
                }
            }
        };
        SubprocessEndpoint<Recorder> e =
                shell(p, QUIET, "trap 'echo got USR1' USR1; echo ready; while :; do sleep 0.05; done");
        run(ready);
        Future<Void> sent = e.transport().sendSignal(usr1);
        run(sent);
        run(got);
        assertNull(e.transport().getReturncode(), "the trap should have kept the shell alive");
        e.transport().kill();
        run(p.lost);
        assertEquals(-9, e.transport().getReturncode());
        assertEquals("ready\ngot USR1\n", p.out(1));
    }

    /*
     * t, p = await loop.subprocess_shell(P, "i=0; while [ $i -lt 20 ]; do echo $i; i=$((i+1)); sleep 0.02; done",
     *                                    stdin=DEVNULL)
     * t.send_signal(signal.SIGSTOP)   # the output stops growing; returncode stays None
     * t.send_signal(signal.SIGCONT)   # it goes on: 20 lines, returncode 0
     */
    @Test
    void stopHaltsTheChildAndContResumesIt() {
        Future<Void> first = loop.createFuture();
        Recorder p = new Recorder() {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                if (!first.done()) {
                    first.setResult(null);
                }
            }
        };
        SubprocessEndpoint<Recorder> e =
                shell(p, QUIET, "i=0; while [ $i -lt 20 ]; do echo $i; i=$((i+1)); sleep 0.02; done");
        run(first);
        run(e.transport().sendSignal(signal("STOP")));
        run(Asyncio.sleep(0.1)); // lets lines written before the stop arrive
        int before = p.received[1].size();
        run(Asyncio.sleep(0.4)); // 20 lines' worth of time
        assertEquals(before, p.received[1].size(), "the stopped child went on writing");
        assertNull(e.transport().getReturncode());
        run(e.transport().sendSignal(signal("CONT")));
        run(p.lost);
        assertEquals(20, p.out(1).lines().count());
        assertEquals(0, e.transport().getReturncode());
    }

    /*
     * class P: connection_made pauses reading on fd 1
     * t, p = await loop.subprocess_shell(P, "head -c 30000 /dev/zero; exec sleep 30", stdin=DEVNULL, stderr=DEVNULL)
     * await asyncio.sleep(0.3); t.kill(); await asyncio.sleep(0.3)   # 0 bytes; made, exited -9
     * t.get_pipe_transport(1).resume_reading(); await p.done
     * # 30000 bytes; made, exited -9, pipe_lost 1 None, lost None
     */
    @Test
    void killingAChildKeepsTheOutputStillInItsPausedPipe() {
        Recorder p = new Recorder() {
            @Override
            public void connectionMade(SubprocessTransport t) {
                super.connectionMade(t);
                t.getStdoutTransport().pauseReading();
            }

            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                received[fd].writeBytes(data);
            }
        };
        SubprocessEndpoint<Recorder> e = shell(p, QUIET, "head -c 30000 /dev/zero; exec sleep 30");
        run(Asyncio.sleep(0.3));
        e.transport().kill();
        run(p.exited);
        run(Asyncio.sleep(0.1));
        assertEquals(List.of("made", "exited -9"), p.log);
        assertEquals(0, p.received[1].size());
        e.transport().getStdoutTransport().resumeReading();
        run(p.lost);
        assertEquals(30000, p.received[1].size());
        assertEquals(List.of("made", "exited -9", "pipe_lost 1 null", "lost null"), p.log);
    }

    /*
     * t, p = await loop.subprocess_shell(P, "trap '' TERM; exec sleep 30", stdout=DEVNULL, stderr=DEVNULL)
     * t.get_pipe_transport(0).write(b"x" * 2**20); t.terminate()   # returns at once; the child ignores it
     * await asyncio.sleep(0.3); t.get_returncode()                  # None
     * t.kill(); await p.done    # made, pipe_lost 0 BrokenPipeError(), exited -9, lost None
     */
    @Test
    void terminateNeitherWaitsForAStuckStdinPumpNorClosesThePipes() {
        Recorder p = new Recorder() {
            @Override
            public void pauseWriting() {}
        };
        SubprocessEndpoint<Recorder> e = shell(
                p,
                SubprocessOptions.PIPES.withStdout(Redirect.DEVNULL).withStderr(Redirect.DEVNULL),
                "trap '' TERM; exec sleep 30");
        e.transport().getStdinTransport().write(new byte[1 << 20]);
        run(Asyncio.sleep(0.2)); // the pump is now blocked writing to a child that does not read
        e.transport().terminate();
        run(Asyncio.sleep(0.3));
        assertNull(e.transport().getReturncode(), "the child ignores SIGTERM");
        assertFalse(e.transport().getStdinTransport().isClosing());
        e.transport().kill();
        run(p.lost);
        assertEquals(4, p.log.size(), p.log.toString());
        assertTrue(p.log.get(1).startsWith("pipe_lost 0 java.io.IOException: Broken pipe"), p.log.toString());
        assertEquals(List.of("made", "exited -9", "lost null"), List.of(p.log.get(0), p.log.get(2), p.log.get(3)));
    }

    /*
     * t, p = await loop.subprocess_exec(P, "cat"); t.kill(); await p.done
     * # made, pipe_lost 2/1/0 None, exited -9, lost None  (cat was blocked reading stdin)
     */
    @Test
    void killEndsAChildBlockedInARead() {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = exec(p, SubprocessOptions.PIPES, "cat");
        run(Asyncio.sleep(0.1));
        e.transport().kill();
        run(p.lost);
        assertEquals(-9, e.transport().getReturncode());
        assertEquals(6, p.log.size(), p.log.toString());
        assertTrue(p.log.containsAll(List.of("pipe_lost 0 null", "pipe_lost 1 null", "pipe_lost 2 null")));
        assertTrue(p.log.indexOf("pipe_lost 0 null") < p.log.indexOf("exited -9"), p.log.toString());
        assertEquals("lost null", p.log.get(5));
    }

    /*
     * After connection_lost: t.send_signal(9), t.kill(), t.terminate() raise ProcessLookupError.
     * Between the exit and connection_lost (stdout still open): send_signal does nothing.
     */
    @Test
    void signalsAfterTheEndRaiseAndBetweenExitAndTheEndDoNothing() {
        Future<?>[] inBetween = new Future<?>[1];
        Recorder p = new Recorder() {
            @Override
            public void processExited() {
                super.processExited();
                inBetween[0] = transport.sendSignal(2);
            }
        };
        SubprocessEndpoint<Recorder> e = shell(p, QUIET, "(sleep 0.2; echo late) & exit 0");
        run(p.lost);
        assertTrue(inBetween[0].done() && inBetween[0].exception() == null, String.valueOf(inBetween[0]));
        assertEquals(0, e.transport().getReturncode());
        SubprocessTransport t = e.transport();
        assertThrows(IllegalStateException.class, () -> t.sendSignal(9));
        assertThrows(IllegalStateException.class, t::kill);
        IllegalStateException gone = assertThrows(IllegalStateException.class, t::terminate);
        assertTrue(gone.getMessage().contains("ProcessLookupError"), gone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.sendSignal(-1));
        assertThrows(IllegalArgumentException.class, () -> t.sendSignal(65));
    }

    /*
     * t.send_signal(0)         # checks the child exists; nothing happens
     * t.send_signal(64)        # SIGRTMAX on Linux, whose default action ends the child: returncode -64
     */
    @Test
    void signalZeroOnlyChecksAndTheLastRealTimeSignalEndsTheChildWithItsNumber() {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = exec(p, QUIET, "sleep", "30");
        run(e.transport().sendSignal(0));
        run(Asyncio.sleep(0.1));
        assertNull(e.transport().getReturncode());
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getProperty("os.name", "").startsWith("Linux"), "signal 64 is SIGRTMAX on Linux only");
        run(e.transport().sendSignal(64));
        run(p.lost);
        assertEquals(-64, e.transport().getReturncode());
    }
}
