package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Walks the README's mapping of Python's exceptions to Java's and every throw site of the
 * runtime that raises one of asyncio's texts: each must throw the Java exception the README maps
 * the Python exception to. The Python types were read from CPython (python3 3.11, 3.12 where
 * marked):
 *
 * <pre>
 * for op in (lambda: asyncio.Semaphore(-1), lambda: asyncio.Queue().task_done(), ...):
 *     try: op()
 *     except Exception as e: print(type(e).__name__, '|', e)
 * # ValueError | Semaphore initial value must be >= 0
 * # ValueError | task_done() called too many times
 * # RuntimeError | Lock is not acquired.
 * # TypeError | StopIteration interacts badly with generators and cannot be raised into a Future
 * # ... (the table below)
 * </pre>
 */
class ExceptionMappingTest {
    /** asyncio's texts (or their fixed beginnings) and the Python exception each comes with. */
    private static final Map<String, String> ASYNCIO = new LinkedHashMap<>();

    static {
        for (String runtimeError : List.of(
                "no running event loop",
                "This event loop is already running",
                "Cannot run the event loop while another loop is running",
                "Event loop stopped before Future completed.",
                "Cannot close a running event loop",
                "Event loop is closed",
                "Executor shutdown has been called",
                "Non-thread-safe operation invoked on an event loop other than the current one",
                "Lock is not acquired.",
                "cannot notify on un-acquired lock",
                "cannot wait on un-acquired lock",
                "Task does not support set_result operation",
                "Task does not support set_exception operation",
                "Timeout has not been entered",
                "Timeout has already been entered",
                "Timeout should be used inside a task",
                "Cannot change state of ",
                "asyncio.run() cannot be called from a running event loop",
                "Runner.run() cannot be called from a running event loop",
                "Runner is closed",
                "Task got bad yield: ",
                "Task cannot await on itself: ",
                "cannot reuse already awaited coroutine",
                "coroutine is being awaited already",
                "generator raised StopIteration",
                "async generator raised ",
                "async generator ignored GeneratorExit",
                "Cannot call write() after write_eof()",
                "Cannot enter into task ",
                "Leaving task ")) {
            ASYNCIO.put(runtimeError, "RuntimeError");
        }
        for (String valueError : List.of(
                "Semaphore initial value must be >= 0",
                "BoundedSemaphore released too many times",
                "task_done() called too many times",
                "parties must be > 0",
                "Set of Tasks/Futures is empty.",
                "Limit cannot be <= 0",
                "readexactly size can not be less than zero",
                "Separator should be at least one-byte string",
                "The future belongs to a different loop than the one specified as the loop argument",
                "You must set server_hostname when using ssl",
                "second argument (exceptions) must be a non-empty sequence")) {
            ASYNCIO.put(valueError, "ValueError");
        }
        for (String typeError : List.of(
                "StopIteration interacts badly with generators and cannot be raised into a Future",
                "object generator can't be used in 'await' expression",
                "can't send non-null value to a just-started ", // Python: non-None
                "a coroutine was expected, got ", // Python 3.12
                "An asyncio.Future, a coroutine or an awaitable is required")) {
            ASYNCIO.put(typeError, "TypeError");
        }
    }

    private static final Pattern THROW_SITE = Pattern.compile(
            "new (IllegalStateException|IllegalArgumentException|UnsupportedOperationException|RuntimeException)"
                    + "\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The README's row: Python names in the first cell, Java names in the second, in order. */
    private static Map<String, String> readmeMapping() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String line : readme.split("\n")) {
            if (line.startsWith("| `RuntimeError`")) {
                String[] cells = line.split("\\|");
                List<String> python = names(cells[1]);
                List<String> java = names(cells[2]);
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < python.size(); i++) {
                    m.put(python.get(i), java.get(i));
                }
                return m;
            }
        }
        throw new AssertionError("README.md has no row mapping `RuntimeError`");
    }

    private static List<String> names(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("`(\\w+)`").matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theReadmeMapsRuntimeErrorValueErrorAndTypeError() throws IOException {
        assertEquals(
                Map.of(
                        "RuntimeError", "IllegalStateException",
                        "ValueError", "IllegalArgumentException",
                        "TypeError", "IllegalArgumentException"),
                readmeMapping());
    }

    @Test
    void everyThrowSiteOfAnAsyncioTextThrowsTheReadmesJavaException() throws IOException {
        Map<String, String> mapping = readmeMapping();
        Map<String, Integer> found = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path p : sources) {
            String src;
            try {
                src = Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = THROW_SITE.matcher(src);
            while (m.find()) {
                String java = m.group(1);
                String text = m.group(2).replace("\\'", "'").replace("\\\"", "\"");
                for (Map.Entry<String, String> e : ASYNCIO.entrySet()) {
                    if (text.startsWith(e.getKey())) {
                        found.merge(e.getKey(), 1, Integer::sum);
                        String expected = mapping.get(e.getValue());
                        if (!java.equals(expected)) {
                            int line = src.substring(0, m.start()).split("\n", -1).length;
                            wrong.add(p.getFileName() + ":" + line + " throws " + java + "(\"" + text + "\"), but "
                                    + e.getValue() + " maps to " + expected);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        List<String> missing = new ArrayList<>(ASYNCIO.keySet());
        missing.removeAll(found.keySet());
        assertEquals(List.of(), missing, "asyncio texts no throw site raises (the table is stale)");
        assertTrue(found.size() >= ASYNCIO.size());
    }
}
