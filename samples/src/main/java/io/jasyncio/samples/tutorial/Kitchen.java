package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.printCallGraph;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;

/**
 * Suspended tasks and their await chains, seen from inside ({@code Task.toString}, {@code
 * printStack}, {@code printCallGraph}) and from outside ({@code ps} and {@code pstree} of the
 * agent's jar, run against this JVM while it waits). It waits at most two minutes, then ends.
 *
 * <pre>
 * async def boil(what):   await asyncio.sleep(120); return f"{what} boiled"
 * async def cook(dish):   return await boil(dish)
 * async def serve(table, dish): print(table, "gets", await cook(dish))
 *
 * async def main():
 *     orders = [asyncio.create_task(serve("table 1", "pasta"), name="table 1"),
 *               asyncio.create_task(serve("table 2", "rice"), name="table 2")]
 *     await asyncio.sleep(0.1)
 *     print(orders[0]); orders[0].print_stack()
 *     await asyncio.gather(*orders)
 * </pre>
 */
public final class Kitchen {
    private Kitchen() {}

    @Async
    static Coroutine<String> boil(String what) {
        await(sleep(120));
        return done(what + " boiled");
    }

    @Async
    static Coroutine<String> cook(String dish) {
        String boiled = await(boil(dish));
        return done(boiled);
    }

    @Async
    static Coroutine<Void> serve(String table, String dish) {
        System.out.println(table + " gets " + await(cook(dish)));
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        Task<Void> first = createTask(serve("table 1", "pasta"), "table 1");
        Task<Void> second = createTask(serve("table 2", "rice"), "table 2");
        await(sleep(0.1)); // both tables are now waiting for their pots
        System.out.println(first);
        first.printStack(System.out);
        printCallGraph(first, System.out);
        System.out.println("pid " + ProcessHandle.current().pid() + ": try ps and pstree on me");
        await(gather(first, second));
        return done();
    }

    /**
     * Serves two tables; the water boils in two minutes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
