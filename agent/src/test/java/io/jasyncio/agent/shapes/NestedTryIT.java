package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Shape 8: try/catch/finally three deep, try-with-resources, multi-catch, all with awaits. */
class NestedTryIT {

    static final class Res implements AutoCloseable {
        final String name;
        private final boolean failClose;

        private Res(String name, boolean failClose) {
            this.name = name;
            this.failClose = failClose;
            log("open " + name);
        }

        static Res open(String name, boolean failClose) {
            return new Res(name, failClose);
        }

        @Override
        public void close() {
            log("close " + name);
            if (failClose) {
                throw new IllegalStateException("close " + name);
            }
        }
    }

    @Async
    static Coroutine<Res> openAsync(String name) {
        String n = await(v(name));
        return done(Res.open(n, false));
    }

    @Async
    static Coroutine<String> threeDeep(int throwAt) {
        String r = "";
        try {
            r += await(v("1"));
            try {
                r += await(v("2"));
                try {
                    r += await(v("3"));
                    if (throwAt == 3) {
                        await(fail(new IllegalStateException("at3")));
                    } else if (throwAt == 4) {
                        await(fail(new UnsupportedOperationException("at4")));
                    } else if (throwAt == 5) {
                        throw new AssertionError("at5");
                    }
                } catch (IllegalStateException e) {
                    r += "[c3 " + e.getMessage() + await(v("]"));
                } finally {
                    log("f3");
                    r += await(v("{f3}"));
                }
                if (throwAt == 2) {
                    throw new IllegalArgumentException("at2");
                }
            } catch (IllegalArgumentException e) {
                r += "[c2 " + e.getMessage() + await(v("]"));
                throw new IllegalStateException("from c2", e);
            } finally {
                log("f2");
                r += await(v("{f2}"));
            }
            r += await(v("+"));
        } catch (RuntimeException e) {
            r += "[c1 " + e.getMessage() + await(v("]"));
        } finally {
            log("f1");
            r += await(v("{f1}"));
        }
        return done(r);
    }

    @Async
    static Coroutine<String> tryWithResources(boolean failBody, boolean failCloseB) {
        String result;
        try (Res a = await(openAsync("a"));
                Res b = Res.open("b" + await(v(2)), failCloseB)) {
            log("body " + await(v(a.name + b.name)));
            if (failBody) {
                throw new IllegalArgumentException("body");
            }
            result = a.name + "+" + b.name;
        }
        log("after");
        return done(result + await(v("!")));
    }

    @Async
    static Coroutine<String> resourceInitialiserFails(RuntimeException e) {
        try (Res a = await(openAsync("a"));
                Res b = Res.open(await(Awaited.<String>fail(e)), false)) {
            log("body " + a.name + b.name);
        }
        return done("no");
    }

    @Async
    static Coroutine<String> tryWithResourcesCatchAndFinally() {
        try (Res a = await(openAsync("a"))) {
            log("body " + await(v(a.name)));
            throw new IllegalStateException("in body");
        } catch (IllegalStateException e) {
            log("catch " + e.getMessage() + " " + await(v("c")));
        } finally {
            log("finally " + await(v("f")));
        }
        return done("done");
    }

    @Async
    static Coroutine<String> nullResourceIsNotClosed() {
        try (Res none = await(Awaited.<Res>v(null))) {
            log("body " + (none == null) + " " + await(v(1)));
        }
        return done("ok");
    }

    @Async
    static Coroutine<Void> thrower(int which) throws IOException, TimeoutException {
        await(v(0));
        switch (which) {
            case 1:
                throw new IllegalArgumentException("arg");
            case 2:
                throw new IllegalStateException("state");
            case 3:
                throw new IOException("io");
            case 4:
                throw new TimeoutException("late");
            case 5:
                throw new UnsupportedOperationException("unsupported");
            default:
                return done();
        }
    }

    @Async
    static Coroutine<String> multiCatch(int which) {
        try {
            await(thrower(which));
            return done("none");
        } catch (IllegalArgumentException | IllegalStateException e) {
            String name = e.getClass().getSimpleName();
            return done(name + " " + await(v(e.getMessage())) + e.getMessage().length());
        } catch (IOException | TimeoutException e) {
            return done("checked " + e.getClass().getSimpleName() + " " + await(v(e.getMessage())));
        }
    }

    @Test
    void threeDeepWithoutException() {
        Awaited.Outcome o = runBoth(() -> threeDeep(0));
        assertEquals("123{f3}{f2}+{f1}", o.value());
        assertEquals(List.of("f3", "f2", "f1"), o.trace());
        assertEquals(7, o.suspensions());
    }

    @Test
    void threeDeepFailedAwaitCaughtAtTheInnermostLevel() {
        assertEquals("123[c3 at3]{f3}{f2}+{f1}", valueOfBoth(() -> threeDeep(3)));
    }

    @Test
    void threeDeepFailedAwaitCaughtAtTheOutermostLevelAfterEveryInnerFinally() {
        assertEquals("123{f3}{f2}[c1 at4]{f1}", valueOfBoth(() -> threeDeep(4)));
    }

    @Test
    void threeDeepCaughtInTheMiddleAndRethrownToTheOutside() {
        Awaited.Outcome o = runBoth(() -> threeDeep(2));
        assertEquals("123{f3}[c2 at2]{f2}[c1 from c2]{f1}", o.value());
        assertEquals(List.of("f3", "f2", "f1"), o.trace());
    }

    @Test
    void threeDeepUncaughtRunsEveryFinally() {
        Awaited.Outcome o = runBoth(() -> threeDeep(5));
        assertInstanceOf(AssertionError.class, o.error());
        assertEquals("at5", o.error().getMessage());
        assertEquals(List.of("f3", "f2", "f1"), o.trace());
    }

    @Test
    void tryWithResourcesClosesInReverseOrder() {
        Awaited.Outcome o = runBoth(() -> tryWithResources(false, false));
        assertEquals("a+b2!", o.value());
        assertEquals(List.of("open a", "open b2", "body ab2", "close b2", "close a", "after"), o.trace());
        assertEquals(4, o.suspensions());
    }

    @Test
    void tryWithResourcesClosesBothWhenTheBodyThrows() {
        Awaited.Outcome o = runBoth(() -> tryWithResources(true, false));
        assertInstanceOf(IllegalArgumentException.class, o.error());
        assertEquals("body", o.error().getMessage());
        assertEquals(0, o.error().getSuppressed().length);
        assertEquals(List.of("open a", "open b2", "body ab2", "close b2", "close a"), o.trace());
    }

    @Test
    void aFailingCloseIsSuppressedIntoTheBodysException() {
        Awaited.Outcome o = runBoth(() -> tryWithResources(true, true));
        assertInstanceOf(IllegalArgumentException.class, o.error());
        assertEquals(1, o.error().getSuppressed().length);
        assertEquals("close b2", o.error().getSuppressed()[0].getMessage());
        assertEquals(List.of("open a", "open b2", "body ab2", "close b2", "close a"), o.trace());
    }

    @Test
    void aFailingCloseAfterANormalBodyPropagates() {
        Awaited.Outcome o = runBoth(() -> tryWithResources(false, true));
        assertInstanceOf(IllegalStateException.class, o.error());
        assertEquals("close b2", o.error().getMessage());
        assertEquals(List.of("open a", "open b2", "body ab2", "close b2", "close a"), o.trace());
    }

    @Test
    void aFailingResourceInitialiserClosesTheEarlierResources() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> resourceInitialiserFails(made[0] = new IllegalStateException("init")));
        assertSame(made[0], o.error());
        assertEquals(List.of("open a", "close a"), o.trace());
    }

    @Test
    void tryWithResourcesClosesBeforeCatchAndFinally() {
        Awaited.Outcome o = runBoth(NestedTryIT::tryWithResourcesCatchAndFinally);
        assertEquals("done", o.value());
        assertEquals(List.of("open a", "body a", "close a", "catch in body c", "finally f"), o.trace());
    }

    @Test
    void aNullResourceIsSkippedOnClose() {
        Awaited.Outcome o = runBoth(NestedTryIT::nullResourceIsNotClosed);
        assertEquals("ok", o.value());
        assertEquals(List.of("body true 1"), o.trace());
    }

    @Test
    void multiCatchOfUncheckedAndCheckedExceptions() {
        assertEquals("none", valueOfBoth(() -> multiCatch(0)));
        assertEquals("IllegalArgumentException arg3", valueOfBoth(() -> multiCatch(1)));
        assertEquals("IllegalStateException state5", valueOfBoth(() -> multiCatch(2)));
        assertEquals("checked IOException io", valueOfBoth(() -> multiCatch(3)));
        assertEquals("checked TimeoutException late", valueOfBoth(() -> multiCatch(4)));
        Awaited.Outcome o = runBoth(() -> multiCatch(5));
        assertInstanceOf(UnsupportedOperationException.class, o.error());
        assertEquals("unsupported", o.error().getMessage());
    }
}
