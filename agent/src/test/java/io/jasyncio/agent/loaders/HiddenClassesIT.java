package io.jasyncio.agent.loaders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hidden classes ({@code Lookup.defineHiddenClass}), which no agent ever sees: a class rewritten
 * ahead of time runs when defined hidden, each definition with its own state; one that was not
 * rewritten fails with a message naming its own method, not its caller.
 */
class HiddenClassesIT {

    private static byte[] original() throws IOException {
        try (InputStream in = HiddenClassesIT.class.getResourceAsStream("HiddenHost.class")) {
            return in.readAllBytes();
        }
    }

    /** Rewritten as the ahead-of-time front end does, reading no other class. */
    private static byte[] rewritten() throws IOException {
        byte[] out = new CoroutineTransformer(name -> null).transform(original());
        assertNotNull(out);
        return out;
    }

    private static Class<?> defineHidden(byte[] bytes) throws IllegalAccessException {
        Class<?> c = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
        assertTrue(c.isHidden());
        return c;
    }

    private static Object run(Class<?> c, String method, Object receiver, Object... args) throws Exception {
        Class<?>[] types = {int.class};
        Coroutine<?> coroutine = (Coroutine<?>) c.getMethod(method, types).invoke(receiver, args);
        return Asyncio.run(coroutine);
    }

    @Test
    void aClassRewrittenAheadOfTimeRunsWhenDefinedHiddenTwiceEachWithItsOwnState() throws Exception {
        byte[] bytes = rewritten();
        for (int definition = 0; definition < 2; definition++) {
            Class<?> c = defineHidden(bytes);
            assertEquals(1010, run(c, "twice", null, 5), "a static coroutine; calls is 1 in this definition");
            Object host = c.getConstructor(int.class).newInstance(100);
            assertEquals("2121 [start 7, resumed 7]", run(c, "plus", host, 7), "an instance coroutine; calls is 2");
            assertEquals(2, c.getDeclaredField("calls").getInt(null));
        }
    }

    @Test
    void aHiddenClassThatWasNotRewrittenNamesItsOwnMethodInTheError() throws Exception {
        Class<?> c = defineHidden(original());
        InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvocationTargetException.class,
                () -> c.getMethod("twice", int.class).invoke(null, 1));
        String m = e.getCause().getMessage();
        int line = lineOf("LINE-TWICE");
        assertTrue(m.startsWith("await() called from " + c.getName() + ".twice(HiddenHost.java:" + line + ")"), m);
        assertTrue(m.contains("it is marked @Async but was not rewritten"), m);
        assertTrue(m.contains("its class is hidden"), m);
    }

    private static int lineOf(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/io/jasyncio/agent/loaders/HiddenHost.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + marker);
    }
}
