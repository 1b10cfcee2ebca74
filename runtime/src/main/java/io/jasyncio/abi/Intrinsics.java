package io.jasyncio.abi;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.CancelledError;
import io.jasyncio.Generator;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The static entry points that methods rewritten by the agent call.
 *
 * <p>Each {@code T v = await(x)} in an {@code @Async} method becomes
 * {@code Object r = Intrinsics.await(x, frame)}: if {@code r} is {@link Frame#SUSPENDED} the
 * method saves its live values in its frame and returns {@code SUSPENDED}; otherwise {@code r} is
 * the value and the method goes on, with no trip through the event loop.
 */
public final class Intrinsics {
    /**
     * The version of this interface. The agent embeds the version it generates code for in every
     * rewritten class; {@link #frameFactory} refuses any other.
     */
    public static final int ABI_VERSION = 3;

    private Intrinsics() {}

    /**
     * Awaits {@code awaitable} on behalf of the frame {@code self}.
     *
     * <ul>
     *   <li>A coroutine runs inline, on this stack; its result is returned, its exception thrown.
     *       If it suspends, {@code self} suspends with it.</li>
     *   <li>A done future gives its result (or throws its exception, or {@link CancelledError})
     *       at once.</li>
     *   <li>A pending future suspends {@code self}; the task driving the chain resumes it when
     *       the future is done.</li>
     * </ul>
     *
     * @param awaitable what the user's code awaits
     * @param self the frame of the awaiting coroutine
     * @return the value, or {@link Frame#SUSPENDED}
     * @throws NullPointerException if {@code awaitable} is null
     * @throws IllegalStateException if a coroutine is awaited twice
     */
    public static Object await(Awaitable<?> awaitable, Frame<?> self) {
        if (awaitable instanceof GeneratorFrame && !(self instanceof GeneratorFrame)) {
            throw new IllegalArgumentException("object generator can't be used in 'await' expression");
        }
        return Frame.await(awaitable, self);
    }

    /**
     * First half of an await whose awaitable the agent saw created by a direct call of an
     * {@code @Async} static method of the awaiting method's own class: the same as
     * {@link #await} for a coroutine up to the point where it would run the callee's body, which
     * the rewritten caller then calls itself, as a static call the JIT can inline (through
     * {@link #await} it is a virtual call shared by every frame class). The caller passes what
     * the body returns to {@link #leaveInline}, and what it throws to {@link #failInline}.
     *
     * @param awaitable the callee's frame, just created by its stub
     * @param self the frame of the awaiting coroutine
     * @return the callee's frame, now running, whose body the caller must call; or null when the
     *     await bounces (too deep), in which case {@code self} waits on the callee and the caller
     *     must suspend
     * @throws IllegalStateException if the coroutine was awaited before
     */
    public static Frame<?> enterInline(Awaitable<?> awaitable, Frame<?> self) {
        return Frame.enterInline(awaitable, self);
    }

    /**
     * Second half of an await started with {@link #enterInline}, after the callee's body returned.
     *
     * @param result what the callee's body returned: its result or {@link Frame#SUSPENDED}
     * @param callee the callee's frame
     * @param self the frame of the awaiting coroutine
     * @return {@code result}: the value, or {@link Frame#SUSPENDED}, in which case {@code self}
     *     now waits on the callee
     */
    public static Object leaveInline(Object result, Frame<?> callee, Frame<?> self) {
        return Frame.leaveInline(result, callee, self);
    }

    /**
     * The exceptional end of an await started with {@link #enterInline}: the callee's body threw.
     *
     * @param thrown what the body threw
     * @param callee the callee's frame, which is done from now on
     * @return the exception the caller must throw at its await
     */
    public static Throwable failInline(Throwable thrown, Frame<?> callee) {
        return Frame.failInline(thrown, callee);
    }

    /**
     * {@code Yield.value(v)} in a generator: suspends {@code self}, handing {@code value} to the
     * caller of {@code send} (for an async generator, to the pending {@code anext} step); on
     * resume the pending call returns what was sent.
     *
     * @param value the value yielded
     * @param self the generator's frame
     * @return always {@link Frame#SUSPENDED}
     */
    public static Object yieldValue(Object value, Frame<?> self) {
        if (self instanceof AsyncGeneratorFrame<?, ?> async) {
            async.yielded = value;
            Frame.suspendOn(self, Frame.asyncYielded());
            return Frame.SUSPENDED;
        }
        ((GeneratorFrame<?, ?, ?>) self).yielded = value;
        Frame.suspendOn(self, Frame.YIELDED);
        return Frame.SUSPENDED;
    }

    /**
     * {@code Yield.from(sub)} in a generator: runs {@code sub} inline, as an await runs a
     * coroutine, so the sub-generator's yields reach this generator's consumer and its return
     * value is the call's value.
     *
     * @param sub the sub-generator
     * @param self the delegating generator's frame
     * @return {@code sub}'s return value, or {@link Frame#SUSPENDED}
     * @throws NullPointerException if {@code sub} is null
     * @throws IllegalArgumentException if {@code sub} is not a generator rewritten by the agent,
     *     such as a coroutine (as in Python, a plain generator cannot delegate to one)
     */
    public static Object yieldFrom(Generator<?, ?, ?> sub, Frame<?> self) {
        if (sub instanceof GeneratorFrame<?, ?, ?> generator) {
            return await(generator, self);
        }
        if (sub == null) {
            throw new NullPointerException("Yield.from(null) in " + self.getName() + "()");
        }
        throw new IllegalArgumentException(
                "cannot 'yield from' a " + sub.getClass().getName() + " in generator " + self.getName()
                        + "(): only generators rewritten by jasyncio can be delegated to");
    }

    /**
     * {@code Yield.from(iterable)} in a generator: yields each element of {@code iterable} to
     * this generator's consumer, then goes on with null, as {@code yield from [1, 2]} does. A
     * generator rewritten by the agent (seen here as an {@code Iterable}) is delegated to as by
     * {@link #yieldFrom}. The iterator is made now; a value sent in while it yields (other than
     * null) is refused, as Python's list iterator has no {@code send}, and an exception thrown in
     * is raised at the delegating call.
     *
     * @param iterable the elements
     * @param self the delegating generator's frame
     * @return null once the elements are exhausted (or the sub-generator's return value), or
     *     {@link Frame#SUSPENDED}
     * @throws NullPointerException if {@code iterable} is null
     */
    public static Object yieldFromIterable(Iterable<?> iterable, Frame<?> self) {
        if (iterable instanceof GeneratorFrame<?, ?, ?> generator) {
            return await(generator, self);
        }
        if (iterable == null) {
            throw new NullPointerException("Yield.from(null) in " + self.getName() + "()");
        }
        return await(new IterableGenerator<>(iterable.iterator()), self);
    }

    /**
     * Awaits any {@link CompletionStage}: a completed one gives its value at once; otherwise the
     * stage is bridged to a future of the running loop, completed from whatever thread completes
     * the stage.
     *
     * @param stage the stage to await
     * @param self the frame of the awaiting coroutine
     * @return the value, or {@link Frame#SUSPENDED}
     * @throws NullPointerException if {@code stage} is null
     */
    public static Object awaitStage(CompletionStage<?> stage, Frame<?> self) {
        if (stage == null) {
            throw new NullPointerException("await(null) in " + self.getName() + "()");
        }
        return await(Asyncio.wrapFuture(stage), self);
    }

    /**
     * Bootstrap of the {@code invokedynamic} with which a rewritten {@code @Async} method creates
     * its frame. On first call it defines the frame class, whose bytes the agent stored in the
     * host class's constant pool, in the host's own package and class loader through
     * {@link MethodHandles.Lookup#defineClass}; every later call is a plain constructor call.
     * This needs no class injection, no {@code Unsafe} and no access to the class loader, and
     * the rewritten host class stays self-contained. A hidden host (a class rewritten ahead of
     * time, then defined with {@code Lookup.defineHiddenClass}) cannot be named by its frame
     * class, so its frames are of a hidden subclass that calls the host's body through a method
     * handle (see {@code HiddenHostFrames}).
     *
     * @param host the lookup of the rewritten class
     * @param name the call site's name: {@code oldStyleFrame} logs the deprecation of generator-based
     *     coroutines
     * @param type the call site's type: the frame constructor's arguments (the receiver of an
     *     instance method as {@code Object}, so that no descriptor names the host), returning
     *     Coroutine
     * @param abiVersion the ABI version the agent generated the code for
     * @param frameClassName the binary name of the frame class
     * @param bodyName the name of the method's rewritten body in the host
     * @param chunks the frame class's bytes, as ISO-8859-1 strings
     * @return a constant call site that constructs frames
     * @throws ReflectiveOperationException if the frame class cannot be defined or lacks its
     *     constructor
     * @throws IncompatibleClassChangeError if the class was rewritten for another ABI version
     */
    public static CallSite frameFactory(
            MethodHandles.Lookup host,
            String name,
            MethodType type,
            int abiVersion,
            String frameClassName,
            String bodyName,
            String... chunks)
            throws ReflectiveOperationException {
        if (name.equals("oldStyleFrame")) {
            // The bootstrap runs once per method, which is how often Python warned.
            String method = frameClassName
                    .substring(frameClassName.lastIndexOf('.') + 1)
                    .replace("$Frame", "");
            System.getLogger("io.jasyncio")
                    .log(
                            System.Logger.Level.WARNING,
                            // Python's warnings format: file:line: Category: message.
                            where(host.lookupClass().getName())
                                    + ": DeprecationWarning: \"@GeneratorCoroutine\" ("
                                    + method.replace('$', '.')
                                    + ") is deprecated, as \"@coroutine\" decorator is deprecated since"
                                    + " Python 3.8, use \"@Async\" instead");
        }
        if (abiVersion != ABI_VERSION) {
            throw new IncompatibleClassChangeError(host.lookupClass().getName()
                    + " was rewritten by a jasyncio agent for ABI version " + abiVersion
                    + ", but this runtime implements version " + ABI_VERSION
                    + ": use the agent and the runtime of the same release");
        }
        Class<?> frameClass = defineOrFind(host, frameClassName, chunks);
        MethodType constructor = type.changeReturnType(void.class);
        MethodHandle ctor = host.lookupClass().isHidden()
                ? HiddenHostFrames.constructor(host, frameClass, bodyName, constructor)
                : host.findConstructor(frameClass, constructor);
        if (AsyncGeneratorFrame.class.isAssignableFrom(frameClass)) {
            // The caller gets a handle around the frame, which the loop can track weakly.
            ctor = MethodHandles.filterReturnValue(
                    ctor.asType(ctor.type().changeReturnType(AsyncGeneratorFrame.class)), WrapHolder.WRAP);
        }
        return new ConstantCallSite(ctor.asType(type));
    }

    /**
     * {@code File.java:12} of the {@code @GeneratorCoroutine} method whose first call links the
     * call site: the stub, which carries the method's first line, is on the stack below the
     * bootstrap (as Python's warning names the decorated function's line).
     */
    private static String where(String hostClass) {
        return StackWalker.getInstance()
                .walk(s -> s.filter(f -> f.getClassName().equals(hostClass))
                        .findFirst()
                        .map(f -> f.getFileName() + ":" + f.getLineNumber())
                        .orElse(hostClass));
    }

    private static Class<?> defineOrFind(MethodHandles.Lookup host, String className, String[] chunks)
            throws ReflectiveOperationException {
        StringBuilder all = new StringBuilder();
        for (String c : chunks) {
            all.append(c);
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            return host.defineClass(bytes);
        } catch (LinkageError raced) {
            // Another thread linked the same call site first and defined the class.
            return host.findClass(className);
        }
    }

    /** Throws {@code t} as it is, checked or not. */
    static RuntimeException sneaky(Throwable t) {
        throw Intrinsics.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X doThrow(Throwable t) throws X {
        throw (X) t;
    }

    /** Loaded with the first async generator only. */
    private static final class WrapHolder {
        static final MethodHandle WRAP;

        static {
            try {
                WRAP = MethodHandles.lookup()
                        .findStatic(
                                AsyncGeneratorFrame.class,
                                "wrap",
                                MethodType.methodType(AsyncGenerator.class, AsyncGeneratorFrame.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
