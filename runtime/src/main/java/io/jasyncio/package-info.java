/**
 * Python's asyncio in Java: coroutines, an event loop, tasks and futures, and the primitives
 * built on them. This is what a Python user finds at {@code asyncio.*}; most programs need only
 * {@code import static io.jasyncio.Asyncio.*;}, {@link io.jasyncio.Async @Async} and
 * {@link io.jasyncio.Coroutine}.
 *
 * <h2>Running a loop</h2>
 * {@link io.jasyncio.Asyncio} is the facade ({@code run}, {@code sleep}, {@code gather},
 * {@code createTask}, ...). {@link io.jasyncio.Runner} runs coroutines on one loop and closes it
 * properly; {@link io.jasyncio.EventLoop} is the loop itself: callbacks ({@link
 * io.jasyncio.Handle}, {@link io.jasyncio.TimerHandle}), the running loop, readers and writers,
 * the executor bridge. Errors the loop catches go to an {@link io.jasyncio.ExceptionHandler}
 * with an {@link io.jasyncio.ErrorContext}. {@link io.jasyncio.VirtualClock} gives a loop on
 * simulated time, for tests and simulations.
 *
 * <h2>Coroutines, tasks and futures</h2>
 * {@link io.jasyncio.Async @Async} methods return a {@link io.jasyncio.Coroutine}; both it and
 * {@link io.jasyncio.Future} are {@link io.jasyncio.Awaitable}. A {@link io.jasyncio.Task} runs
 * a coroutine on a loop. Outcomes: {@link io.jasyncio.CancelledError}, {@link
 * io.jasyncio.InvalidStateError}, {@link io.jasyncio.TimeoutError}, {@link
 * io.jasyncio.ExceptionGroup}.
 *
 * <h2>Composition</h2>
 * {@code gather}, {@code waitFor}, {@code waitTasks} (with {@link io.jasyncio.ReturnWhen}, giving
 * {@link io.jasyncio.DoneAndPending}), {@code asCompleted}, {@code shield} (in {@link
 * io.jasyncio.Asyncio}); structured concurrency with {@link io.jasyncio.TaskGroup} and {@link
 * io.jasyncio.Timeout}.
 *
 * <h2>Synchronisation</h2>
 * {@link io.jasyncio.Lock}, {@link io.jasyncio.Event}, {@link io.jasyncio.Condition}, {@link
 * io.jasyncio.Semaphore}, {@link io.jasyncio.BoundedSemaphore}, {@link io.jasyncio.Barrier}
 * ({@link io.jasyncio.BrokenBarrierError}). Single-threaded, like everything on a loop: they
 * coordinate coroutines, not threads.
 *
 * <h2>Queues</h2>
 * {@link io.jasyncio.Queue}, {@link io.jasyncio.PriorityQueue}, {@link io.jasyncio.LifoQueue},
 * with {@link io.jasyncio.QueueEmpty}, {@link io.jasyncio.QueueFull} and {@link
 * io.jasyncio.QueueShutDown}.
 *
 * <h2>Generators</h2>
 * {@link io.jasyncio.Generator} and {@link io.jasyncio.AsyncGenerator}, written with {@link
 * io.jasyncio.Yield}; {@link io.jasyncio.StopIteration}, {@link io.jasyncio.StopAsyncIteration},
 * {@link io.jasyncio.GeneratorExit}; old-style {@link io.jasyncio.GeneratorCoroutine} coroutines.
 *
 * <h2>Protocols and transports</h2>
 * The callback layer under streams. Transports: {@link io.jasyncio.BaseTransport}, {@link
 * io.jasyncio.ReadTransport}, {@link io.jasyncio.WriteTransport}, {@link io.jasyncio.Transport}
 * and {@link io.jasyncio.DatagramTransport}; protocols: {@link io.jasyncio.BaseProtocol}, {@link
 * io.jasyncio.Protocol}, {@link io.jasyncio.BufferedProtocol}, {@link
 * io.jasyncio.DatagramProtocol}. {@link io.jasyncio.EventLoop#createConnection} gives a {@link
 * io.jasyncio.Connected}, {@link io.jasyncio.EventLoop#createServer} a {@link
 * io.jasyncio.Server}, {@link io.jasyncio.EventLoop#createDatagramEndpoint} a {@link
 * io.jasyncio.DatagramEndpoint}; options: {@link io.jasyncio.ConnectionOptions}, {@link
 * io.jasyncio.ServerOptions}, {@link io.jasyncio.SslOptions}, {@link
 * io.jasyncio.DatagramOptions}.
 *
 * <h2>Streams</h2>
 * The coroutine API over sockets is in {@link io.jasyncio.streams} ({@code Streams},
 * {@code StreamReader}, {@code StreamWriter}); it shares {@link io.jasyncio.Server} and {@link
 * io.jasyncio.SslOptions} with the protocol layer.
 *
 * <h2>Subprocesses</h2>
 * {@link io.jasyncio.EventLoop#subprocessExec} and {@link io.jasyncio.EventLoop#subprocessShell}
 * start a child with {@link io.jasyncio.SubprocessOptions} and give a {@link
 * io.jasyncio.SubprocessEndpoint}: a {@link io.jasyncio.SubprocessTransport} driving a {@link
 * io.jasyncio.SubprocessProtocol}. The stream-style {@code Subprocess} is in {@link
 * io.jasyncio.streams}.
 *
 * <h2>Study tools</h2>
 * {@link io.jasyncio.Trace} draws a loop's timeline; {@link io.jasyncio.FutureCallGraph} is the
 * async call graph of {@code Asyncio.captureCallGraph}; {@link io.jasyncio.Task#getStack()} and
 * await chains in stack traces show where suspended coroutines are;
 * {@link io.jasyncio.Coroutine#setCreationListener} tells test tools and debug mode of every
 * coroutine created.
 *
 * <h2>Threads</h2>
 * A loop and everything on it belong to the thread that runs the loop. From other threads, use
 * {@link io.jasyncio.EventLoop#callSoonThreadsafe}, {@code Asyncio.runCoroutineThreadsafe} and
 * {@code Asyncio.toThread}.
 *
 * @apiNote Mirrors the {@code asyncio} package. The loop's implementation, the transports and
 *     the tracer are in packages this module does not export; {@link io.jasyncio.abi} is for code
 *     the jasyncio agent rewrites.
 */
package io.jasyncio;
