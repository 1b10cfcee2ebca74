/**
 * The differential fuzzer of the transformer.
 *
 * <ul>
 *   <li>{@link io.jasyncio.agent.fuzz.ProgramGenerator}: from a seed, a random program of
 *       coroutines, generators and async generators, rendered twice from one tree: as
 *       {@code @Async} coroutines and generators, and as plain Java, where a yield is a call of
 *       {@code Env.yielded(v)} that logs the value and answers it as the consumer
 *       ({@code Env.drive}, or the program's {@code adrive}) would.</li>
 *   <li>{@link io.jasyncio.agent.fuzz.InMemoryCompiler}: javac in process, class files in memory;
 *       or ECJ, for odd seeds.</li>
 *   <li>{@link io.jasyncio.agent.fuzz.DifferentialRunner}: rewrites the coroutine variant with the
 *       {@code CoroutineTransformer} (ahead of time, at load time in a loader that serves no class
 *       files, or ahead of time for a hidden class, by seed), runs both variants in fresh class
 *       loaders (the coroutines on the event loop, each awaited value ready or pending at random)
 *       and compares traces, results and exceptions.</li>
 *   <li>{@link io.jasyncio.agent.fuzz.SerialBoundary}: an instance of the program's class written
 *       by the original class and read by the rewritten one, and back.</li>
 *   <li>{@link io.jasyncio.agent.fuzz.Env}: what the programs call (trace, awaited values,
 *       recursion budget); loaded once by the test's class loader, its state reset per run.</li>
 *   <li>{@code DifferentialFuzzTest}: 1,000 programs under surefire; a failure names its seed,
 *       and {@code mvn test -Dtest=DifferentialFuzzTest -Djasyncio.fuzz.seed=S
 *       -Djasyncio.fuzz.count=1} reruns it alone.</li>
 * </ul>
 */
package io.jasyncio.agent.fuzz;
