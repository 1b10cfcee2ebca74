package io.jasyncio.junit;

import io.jasyncio.Coroutine;
import io.jasyncio.VirtualClock;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension behind {@link AsyncioTest}: a fresh {@link TestLoop} per test, hygiene
 * checks after it, and the {@link AsyncioTimeout} limits.
 *
 * <p>Per test, in JUnit's order:
 * <ol>
 *   <li>{@link #beforeEach}: creates the test's loop (virtual time unless {@link RealTime}) and
 *       starts recording the coroutines the test thread creates;</li>
 *   <li>{@link #resolveParameter}: hands that loop to the {@code @BeforeEach} methods, the test
 *       and the {@code @AfterEach} methods, which run their coroutines with
 *       {@link TestLoop#run};</li>
 *   <li>{@link #interceptTestMethod} and the other {@link InvocationInterceptor} methods: run
 *       each of those methods under the wall-time limit, which cancels the running coroutine
 *       and interrupts the thread when it expires;</li>
 *   <li>{@link #afterEach}: checks the hygiene rules listed on {@link AsyncioTest}, closes the
 *       loop (cancelling what is left) and fails the test with every problem found, the first
 *       as the failure and the others as suppressed exceptions.</li>
 * </ol>
 *
 * <p>Register it with {@link AsyncioTest} or {@code @ExtendWith(AsyncioExtension.class)}. It
 * keeps no state between tests; tests may run in parallel in different threads.
 */
public final class AsyncioExtension
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AsyncioExtension.class);
    private static final double DEFAULT_BLOCKED_SECONDS = 1.0;
    private static final System.Logger LOGGER = System.getLogger("io.jasyncio.junit");
    /** The report-entry key of the warning that virtual time jumped past real work. */
    static final String REAL_WORK_KEY = "jasyncio.virtualTimePastRealWork";

    /** The test loop of the test running in each thread, for the coroutine-creation listener. */
    private static final ThreadLocal<TestLoop> CURRENT = new ThreadLocal<>();

    private static final Object INSTALL_LOCK = new Object();
    private static boolean listenerInstalled;

    /** One daemon thread for every wall-time limit. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jasyncio-junit-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Created by JUnit. */
    public AsyncioExtension() {}

    /**
     * Creates the test's loop before any {@code @BeforeEach} method runs, with the settings of
     * the method's annotations, else its class's.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        installCreationListener();
        boolean virtual = find(context, RealTime.class).isEmpty();
        Optional<AsyncioTimeout> timeout = find(context, AsyncioTimeout.class);
        double blocked = find(context, BlockedLoopThreshold.class)
                .map(BlockedLoopThreshold::value)
                .orElse(DEFAULT_BLOCKED_SECONDS);
        Duration autojump = find(context, AutojumpThreshold.class)
                .map(a -> Duration.ofNanos(Math.round(Math.max(0, a.value()) * 1e9)))
                .orElse(VirtualClock.DEFAULT_AUTOJUMP_THRESHOLD);
        TestLoop loop = new TestLoop(virtual, timeout.map(AsyncioTimeout::loop).orElse(0.0), blocked, autojump);
        double wall = timeout.map(AsyncioTimeout::wall).orElse(0.0);
        long wallDeadline = wall > 0 ? System.nanoTime() + Math.round(wall * 1e9) : 0;
        context.getStore(NAMESPACE).put(TestLoop.class, loop);
        context.getStore(NAMESPACE).put(Wall.class, new Wall(wall, wallDeadline));
        CURRENT.set(loop);
    }

    /**
     * Checks the test's hygiene, closes its loop, and fails the test if anything was wrong.
     *
     * @param context the test's context
     * @throws AssertionFailedError naming every problem found: the first is the failure, the
     *     others are attached as suppressed exceptions
     */
    @Override
    public void afterEach(ExtensionContext context) {
        TestLoop loop = context.getStore(NAMESPACE).remove(TestLoop.class, TestLoop.class);
        if (loop == null) {
            return;
        }
        List<TestLoop.Problem> problems;
        try {
            problems = loop.closeAndCheck();
        } finally {
            if (CURRENT.get() == loop) {
                CURRENT.remove();
            }
        }
        warnOfJumpsPastRealWork(context, loop.realWorkJumps());
        if (problems.isEmpty()) {
            return;
        }
        AssertionFailedError first = null;
        for (TestLoop.Problem p : problems) {
            String message = problems.size() == 1
                    ? p.message()
                    : "[" + (problems.indexOf(p) + 1) + "/" + problems.size() + "] " + p.message();
            AssertionFailedError e = new AssertionFailedError(message, p.cause());
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        throw first;
    }

    /**
     * Supports parameters of type {@link TestLoop} of test, {@code @BeforeEach} and
     * {@code @AfterEach} methods.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context of the method that declares it
     * @return true for a {@code TestLoop} parameter
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestLoop.class;
    }

    /**
     * Hands out the test's loop: the same instance to every method of one test.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context of the method that declares it
     * @return the test's {@link TestLoop}
     * @throws ParameterResolutionException outside a test (a constructor or a
     *     {@code @BeforeAll} method): the loop exists only for the duration of one test
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestLoop loop = extensionContext.getTestMethod().isPresent()
                ? extensionContext.getStore(NAMESPACE).get(TestLoop.class, TestLoop.class)
                : null;
        if (loop == null) {
            throw new ParameterResolutionException("a TestLoop exists only during one test: take it as a "
                    + "parameter of the test, @BeforeEach or @AfterEach method, not of "
                    + parameterContext.getDeclaringExecutable());
        }
        return loop;
    }

    /**
     * Runs a {@code @BeforeEach} method under the test's wall-time limit.
     *
     * @param invocation the method call
     * @param invocationContext the method and its arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method throws, or the timeout failure
     */
    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        underWallLimit(invocation, extensionContext);
    }

    /**
     * Runs the test method under the test's wall-time limit.
     *
     * @param invocation the method call
     * @param invocationContext the method and its arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method throws, or the timeout failure
     */
    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        underWallLimit(invocation, extensionContext);
    }

    /**
     * Runs an {@code @AfterEach} method under the test's wall-time limit.
     *
     * @param invocation the method call
     * @param invocationContext the method and its arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method throws, or the timeout failure
     */
    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        underWallLimit(invocation, extensionContext);
    }

    private static void underWallLimit(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        TestLoop loop = context.getStore(NAMESPACE).get(TestLoop.class, TestLoop.class);
        Wall wall = context.getStore(NAMESPACE).get(Wall.class, Wall.class);
        if (loop == null || wall == null || wall.deadlineNanos == 0) {
            invocation.proceed();
            return;
        }
        String message = String.format(
                "the test timed out after %.3f s of wall time (@AsyncioTimeout(wall = %s))",
                wall.seconds, wall.seconds);
        long remaining = wall.deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            invocation.skip();
            loop.wallTimeExpired(message);
            throw loop.timeoutFailure(null);
        }
        ScheduledFuture<?> alarm =
                WATCHDOG.schedule(() -> loop.wallTimeExpired(message), remaining, TimeUnit.NANOSECONDS);
        try {
            invocation.proceed();
        } catch (Throwable t) {
            alarm.cancel(false);
            if (loop.timedOut()) {
                throw loop.timeoutFailure(t);
            }
            throw t;
        }
        alarm.cancel(false);
        if (loop.timedOut()) {
            throw loop.timeoutFailure(null);
        }
    }

    /**
     * A warning, not a failure, when virtual time jumped past pending real work: that is right
     * for a server nobody calls while the test sleeps, and wrong only if the work would have
     * answered, which the extension cannot tell. The warning goes to the test's report entries
     * (key {@value #REAL_WORK_KEY}) and to the logger {@code io.jasyncio.junit}.
     */
    private static void warnOfJumpsPastRealWork(ExtensionContext context, List<String> jumps) {
        if (jumps.isEmpty()) {
            return;
        }
        String message = String.format(
                "%s: virtual time jumped past pending real work %d time%s (first: %s). A timeout"
                        + " that fired then may not have fired in real time: if the work was slow"
                        + " rather than idle, run the test on @RealTime or raise @AutojumpThreshold",
                context.getDisplayName(), jumps.size(), jumps.size() == 1 ? "" : "s", jumps.get(0));
        context.publishReportEntry(REAL_WORK_KEY, message);
        LOGGER.log(System.Logger.Level.WARNING, message);
    }

    private static <A extends Annotation> Optional<A> find(ExtensionContext context, Class<A> type) {
        Optional<A> onMethod = AnnotationSupport.findAnnotation(context.getTestMethod(), type);
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<Class<?>> testClass = c.get().getTestClass();
            if (testClass.isPresent()) {
                Optional<A> onClass = AnnotationSupport.findAnnotation(testClass.get(), type);
                if (onClass.isPresent()) {
                    return onClass;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Installs, once per JVM, the listener that gives each coroutine created by a test thread to
     * that thread's {@link TestLoop}; it passes every frame on to a listener installed before.
     */
    private static void installCreationListener() {
        synchronized (INSTALL_LOCK) {
            if (listenerInstalled) {
                return;
            }
            listenerInstalled = true;
            Consumer<? super Coroutine<?>>[] previous = newHolder();
            previous[0] = Coroutine.setCreationListener(frame -> {
                TestLoop loop = CURRENT.get();
                if (loop != null) {
                    loop.created(frame);
                }
                Consumer<? super Coroutine<?>> before = previous[0];
                if (before != null) {
                    before.accept(frame);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<? super Coroutine<?>>[] newHolder() {
        return (Consumer<? super Coroutine<?>>[]) new Consumer<?>[1];
    }

    /** The wall-time limit of one test: its length and its deadline on {@link System#nanoTime()}. */
    private record Wall(double seconds, long deadlineNanos) {}
}
