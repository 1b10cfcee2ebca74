package io.jasyncio;

import static io.jasyncio.Scripted.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The loop's trace: what each task waited on, in loop time, and the timeline drawn from it.
 *
 * <pre>
 *   # The scenario of traceRecordsWhatEachTaskWaitsOnInLoopTime, in Python:
 *   async def a(lock):                       async def b(lock):
 *       async with lock:                         async with lock:      # waits 0 -> 5
 *           await asyncio.sleep(5)                   await asyncio.sleep(5)
 *       await asyncio.sleep(55)
 *   async def main():
 *       lock = asyncio.Lock()
 *       await asyncio.gather(a(lock), b(lock))   # 60 s of loop time
 * </pre>
 */
class TraceTest {

    private static Scripted<String> holder(String name, Lock lock, double hold, double after) {
        return new Scripted<String>(name)
                .then(v -> lock.acquire())
                .then(v -> Asyncio.sleep(hold))
                .then(v -> {
                    lock.release();
                    return after > 0 ? Asyncio.sleep(after) : value(null);
                })
                .then(v -> value(name));
    }

    private static List<Trace.Span> of(List<Trace.Span> spans, String task) {
        return spans.stream().filter(s -> s.task().equals(task)).collect(Collectors.toList());
    }

    @Test
    void traceRecordsWhatEachTaskWaitsOnInLoopTime() {
        SelectorEventLoop loop = TestLoops.virtual();
        Trace trace = Trace.start(loop);
        Lock lock = new Lock();
        Scripted<Object> main = new Scripted<Object>("main")
                .then(v -> Asyncio.gather(
                        loop.createTask(holder("a", lock, 5, 55), "a"), loop.createTask(holder("b", lock, 5, 0), "b")))
                .then(v -> value(v));
        loop.runUntilComplete(loop.createTask(main, "main"));
        trace.close();

        assertEquals(0, trace.startTime());
        assertEquals(60, trace.endTime(), 1e-9);
        List<Trace.Span> spans = trace.spans();
        List<Trace.Span> a = of(spans, "a");
        assertEquals(
                List.of("sleep", "sleep"),
                a.stream().map(Trace.Span::state).collect(Collectors.toList()),
                a.toString());
        assertTrue(a.get(0).detail().startsWith("sleep 5 s"), a.get(0).detail());
        assertTrue(a.get(1).detail().startsWith("sleep 55 s"), a.get(1).detail());
        assertEquals(0, a.get(0).start());
        assertEquals(5, a.get(0).end(), 1e-9);
        assertEquals(60, a.get(1).end(), 1e-9);

        List<Trace.Span> b = of(spans, "b");
        assertEquals(
                List.of("lock", "sleep"), b.stream().map(Trace.Span::state).collect(Collectors.toList()), b.toString());
        assertTrue(b.get(0).detail().startsWith("Lock.acquire"), b.get(0).detail());
        assertEquals(5, b.get(0).duration(), 1e-9);
        assertEquals(10, b.get(1).end(), 1e-9);

        List<Trace.Span> m = of(spans, "main");
        assertEquals(List.of("gather"), m.stream().map(Trace.Span::state).collect(Collectors.toList()), m.toString());
        assertEquals(60, m.get(0).duration(), 1e-9);
        loop.close();
    }

    @Test
    void traceShowsOutcomesAndOtherWaitsWithoutRetrievingExceptions() {
        SelectorEventLoop loop = TestLoops.virtual();
        Trace trace = Trace.start(loop);
        Queue<String> queue = new Queue<>();
        Event event = new Event();
        Future<String> future = loop.createFuture();
        Task<Object> getter = loop.createTask(
                new Scripted<Object>("getter").then(v -> queue.get()).then(v -> value(v)), "getter");
        Task<Object> waiter = loop.createTask(
                new Scripted<Object>("waiter").then(v -> event.waitSet()).then(v -> value(v)), "waiter");
        Task<Object> failer = loop.createTask(
                new Scripted<Object>("failer").then(v -> future).then(v -> {
                    throw new IllegalStateException("boom");
                }),
                "failer");
        Task<Object> sleeper = loop.createTask(
                new Scripted<Object>("sleeper").then(v -> Asyncio.sleep(100)).then(v -> value(v)), "sleeper");
        Task<Object> parent = loop.createTask(
                new Scripted<Object>("parent").then(v -> sleeper).then(v -> value(v)), "parent");
        loop.callLater(1, () -> {
            queue.putNowait("x");
            event.set();
            future.setResult("go");
            sleeper.cancel();
        });
        TestLoops.runUntilIdle(loop);
        trace.close();

        List<Trace.Span> spans = trace.spans();
        assertEquals("queue", of(spans, "getter").get(0).state());
        assertTrue(of(spans, "getter").get(0).detail().startsWith("Queue.get"));
        assertEquals("event", of(spans, "waiter").get(0).state());
        assertEquals("future", of(spans, "failer").get(0).state());
        assertEquals("task", of(spans, "parent").get(0).state());
        assertTrue(
                of(spans, "parent").get(0).detail().startsWith("task 'sleeper'"),
                of(spans, "parent").toString());
        String html = trace.toHtml("outcomes");
        assertTrue(html.contains("exception IllegalStateException: boom"), html);
        assertTrue(html.contains(">cancelled<"), html);
        // Drawing the trace did not count as retrieving the failure: it can still be reported.
        assertTrue(failer.exceptionNeverRetrieved());
        assertTrue(getter.done() && waiter.done() && parent.done());
        failer.exception();
        loop.close();
    }

    @Test
    void theSvgIsWellFormedAndEachRectangleCarriesItsSpan() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        Trace trace = Trace.start(loop);
        Lock lock = new Lock();
        loop.runUntilComplete(loop.createTask(new Scripted<Object>("main")
                .then(v -> Asyncio.gather(
                        loop.createTask(holder("a", lock, 5, 55), "a"),
                        loop.createTask(holder("b <&> \"quoted\"", lock, 5, 0))))
                .then(v -> value(v))));
        trace.close();
        String svg = trace.toSvg();
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList rects = doc.getElementsByTagName("rect");
        int spans = 0;
        double sleepSeconds = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (!r.hasAttribute("data-state")) {
                continue;
            }
            spans++;
            assertNotNull(r.getElementsByTagName("title").item(0), "every span has a hover title");
            if (r.getAttribute("data-state").equals("sleep")) {
                sleepSeconds += Double.parseDouble(r.getAttribute("data-end"))
                        - Double.parseDouble(r.getAttribute("data-start"));
            }
        }
        assertEquals(trace.spans().size(), spans);
        assertEquals(5 + 55 + 5, sleepSeconds, 1e-9);
        assertTrue(
                svg.contains(">30 s</text>") && svg.contains(">60 s</text>"), "the axis has round ticks in loop time");
        String html = trace.toHtml("t");
        assertTrue(html.contains("<svg"));
        assertFalse(
                html.contains("<script") || html.contains("<link") || html.contains("src="),
                "the page is self-contained");
        loop.close();
    }

    @Test
    void aTraceWritesFilesAndAClosedOneRecordsNothingMore(@TempDir Path dir) throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        Trace trace = Trace.start(loop);
        assertThrows(IllegalStateException.class, () -> Trace.start(loop));
        loop.runUntilComplete(loop.createTask(
                new Scripted<Object>("one").then(v -> Asyncio.sleep(1)).then(v -> value(v)), "one"));
        trace.close();
        assertNull(loop.tracer(), "a closed trace leaves the loop untraced");
        loop.runUntilComplete(loop.createTask(
                new Scripted<Object>("two").then(v -> Asyncio.sleep(1)).then(v -> value(v)), "two"));
        assertTrue(of(trace.spans(), "two").isEmpty());
        trace.writeHtml(dir.resolve("sub/t.html"));
        trace.writeSvg(dir.resolve("t.svg"));
        assertTrue(Files.readString(dir.resolve("sub/t.html")).contains("one"));
        assertTrue(Files.readString(dir.resolve("t.svg")).startsWith("<?xml"));
        loop.close();
    }

    @Test
    void theTracePropertyTracesAWholeRunToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.svg");
        System.setProperty("jasyncio.trace", file.toString());
        try (Runner runner = new Runner(false, TestLoops::virtual)) {
            runner.run(
                    new Scripted<Object>("traced").then(v -> Asyncio.sleep(3)).then(v -> value(v)));
        } finally {
            System.clearProperty("jasyncio.trace");
        }
        String svg = Files.readString(file);
        assertTrue(svg.contains("traced") || svg.contains("Task-"), svg);
        assertTrue(svg.contains("data-state=\"sleep\""), svg);
    }
}
