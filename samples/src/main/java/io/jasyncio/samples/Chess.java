package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Lock;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's simultaneous exhibition: Judit Polgár plays 24 opponents. She takes 5 seconds per
 * move, each opponent 55 seconds, and a game lasts 30 move pairs.
 *
 * <ul>
 *   <li>Synchronously, one game after another: 24 &times; 30 &times; (5 + 55) s = 12 hours.</li>
 *   <li>Asynchronously, all games at once: she moves on a board, walks on to the next while
 *       that opponent thinks, and comes back when she has been round: 30 rounds of 24 &times;
 *       5 s, about 1 hour. She is one person, so her moves are a {@link Lock}: one at a time,
 *       in turn.</li>
 * </ul>
 *
 * Both run on a virtual clock ({@link Runner#virtualTime()}), so twelve hours take a fraction
 * of a second; the elapsed time printed is the loop's own clock. {@code --real SCALE} runs them
 * on the real clock with every duration multiplied by {@code SCALE} (so {@code --real 0.001}
 * takes 43 s and 3.7 s) and prints the loop's elapsed time divided by {@code SCALE}; below about
 * 0.001 the selector's millisecond timeouts dominate the sleeps. {@code --only} plays one of
 * the two versions. Each run
 * is traced, and the timelines are written as HTML and SVG to {@code --out DIR}
 * ({@code target/chess} by default).
 *
 * <pre>
 *   async def async_game(board):                 for each board, concurrently:
 *       for _ in range(30):                          await master.acquire()    # her turn here
 *           await judit_moves()        # 5 s          await sleep(5)            # she moves
 *           await opponent_moves()     # 55 s         master.release()          # she walks on
 *                                                    await sleep(55)           # opponent thinks
 * </pre>
 */
public final class Chess {
    static final int OPPONENTS = 24;
    static final int MOVE_PAIRS = 30;
    static final double MASTER_MOVE = 5;
    static final double OPPONENT_MOVE = 55;

    /** Every duration is multiplied by this: 1 on the virtual clock, SCALE with --real. */
    private static double scale = 1;

    private Chess() {}

    /** One game played alone: the master and the opponent alternate, nobody else waits. */
    @Async
    static Coroutine<Void> soloGame(int board) {
        for (int move = 0; move < MOVE_PAIRS; move++) {
            await(sleep(MASTER_MOVE * scale)); // Judit moves
            await(sleep(OPPONENT_MOVE * scale)); // the opponent thinks and moves
        }
        return done();
    }

    /** The games one after another. */
    @Async
    static Coroutine<Void> synchronous() {
        for (int board = 1; board <= OPPONENTS; board++) {
            await(createTask(soloGame(board), "board " + board));
        }
        return done();
    }

    /** One game of the exhibition: the master comes to this board when it is its turn. */
    @Async
    static Coroutine<Void> simultaneousGame(int board, Lock master) {
        for (int move = 0; move < MOVE_PAIRS; move++) {
            await(master.acquire()); // wait for Judit to come round
            await(sleep(MASTER_MOVE * scale)); // Judit moves
            master.release(); // and walks on to the next board
            await(sleep(OPPONENT_MOVE * scale)); // the opponent thinks and moves
        }
        return done();
    }

    /** All games at once. */
    @Async
    static Coroutine<Void> asynchronous() {
        Lock master = new Lock();
        List<Task<Void>> games = new ArrayList<>();
        for (int board = 1; board <= OPPONENTS; board++) {
            games.add(createTask(simultaneousGame(board, master), "board " + board));
        }
        await(gather(games.toArray(new Task<?>[0])));
        return done();
    }

    /**
     * Runs one version of the exhibition on a fresh loop, traced, and returns the hours of
     * exhibition time it took by the loop's clock.
     */
    private static double play(String name, Coroutine<Void> version, boolean real, Path out) throws IOException {
        try (Runner runner = real ? new Runner() : Runner.virtualTime()) {
            EventLoop loop = runner.getLoop();
            Trace trace = Trace.start(loop);
            double start = loop.time();
            long wallStart = System.nanoTime();
            runner.run(version);
            double elapsed = (loop.time() - start) / scale;
            double wall = (System.nanoTime() - wallStart) / 1e9;
            trace.close();
            trace.writeHtml(out.resolve(name + ".html"));
            trace.writeSvg(out.resolve(name + ".svg"));
            System.out.printf(Locale.ROOT, "%s: %.2f hours (%.2f s of real time)%n", name, elapsed / 3600, wall);
            return elapsed / 3600;
        }
    }

    /**
     * Plays the exhibition both ways and writes the timelines.
     *
     * @param args {@code [--real SCALE] [--out DIR] [--only synchronous|asynchronous]}
     * @throws IOException if the timelines cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean real = false;
        Path out = Path.of("target", "chess");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--real":
                    real = true;
                    scale = Double.parseDouble(args[++i]);
                    if (!(scale > 0)) {
                        throw new IllegalArgumentException("Chess: --real needs a positive scale, got " + args[i]);
                    }
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--only":
                    only = args[++i];
                    if (!only.equals("synchronous") && !only.equals("asynchronous")) {
                        throw new IllegalArgumentException(
                                "Chess: --only takes synchronous or asynchronous, got " + only);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("Chess: unknown argument " + args[i]
                            + "; usage: Chess [--real SCALE] [--out DIR] [--only synchronous|asynchronous]");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Judit Polgár against %d opponents, %d move pairs, %.0f s per move for her, %.0f s for them%s%n",
                OPPONENTS,
                MOVE_PAIRS,
                MASTER_MOVE,
                OPPONENT_MOVE,
                real ? String.format(Locale.ROOT, " (real time scaled by %s)", scale) : " (virtual clock)");
        if (only == null || only.equals("synchronous")) {
            play("synchronous", synchronous(), real, out);
        }
        if (only == null || only.equals("asynchronous")) {
            play("asynchronous", asynchronous(), real, out);
        }
        System.out.println("timelines: " + out.toAbsolutePath().normalize() + "/"
                + (only == null ? "{synchronous,asynchronous}" : only) + ".{html,svg}");
    }
}
