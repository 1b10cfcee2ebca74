package io.jasyncio.agent.inspect;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.taskGroup;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The program {@link PsIT} inspects from another JVM, after the example of Python's
 * {@code asyncio ps} documentation: two albums of tracks playing for an hour, one album through
 * a task group, the other through a gather, both gathered by {@code main}, and a
 * {@code listener} task awaiting one track's task directly. With the argument {@code cycle},
 * two tasks await each other instead. It prints {@code ready PID} once every task is
 * suspended.
 */
public final class PsTarget {
    private PsTarget() {}

    /**
     * Runs the scenario until killed.
     *
     * @param args {@code cycle} for the await cycle
     */
    public static void main(String[] args) {
        Asyncio.run(args.length > 0 && args[0].equals("cycle") ? cycle() : main());
    }

    @Async
    static Coroutine<Void> play(String track) {
        await(sleep(3600));
        return done();
    }

    @Async
    static Coroutine<Void> groupBody(TaskGroup tg, String[] tracks) {
        for (String t : tracks) {
            tg.createTask(play(t), t);
        }
        return done();
    }

    @Async
    static Coroutine<Void> albumInGroup(String[] tracks) {
        await(taskGroup(tg -> groupBody(tg, tracks)));
        return done();
    }

    @Async
    static Coroutine<Void> albumGathered(String[] tracks) {
        List<Task<Void>> plays = new ArrayList<>();
        for (String t : tracks) {
            plays.add(createTask(play(t), t));
        }
        await(gatherAll(plays));
        return done();
    }

    @Async
    static Coroutine<Void> listen(String track) {
        for (Task<?> t : Asyncio.allTasks()) {
            if (t.getName().equals(track)) {
                await(t);
            }
        }
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        Task<Void> a = createTask(albumInGroup(new String[] {"TNDNBTG", "Levitate"}), "Sundowning");
        Task<Void> b = createTask(albumGathered(new String[] {"DYWTYLM", "Aqua Regia"}), "TMBTE");
        await(sleep(0.05));
        createTask(listen("TNDNBTG"), "listener");
        await(sleep(0.05));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        await(gather(a, b));
        return done();
    }

    @Async
    static Coroutine<Void> awaitOther(Task<?>[] tasks, int other) {
        await(sleep(0));
        await(tasks[other]);
        return done();
    }

    @Async
    static Coroutine<Void> cycle() {
        Task<?>[] t = new Task<?>[2];
        t[0] = createTask(awaitOther(t, 1), "ping");
        t[1] = createTask(awaitOther(t, 0), "pong");
        await(sleep(0.05));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        await(sleep(3600));
        return done();
    }
}
