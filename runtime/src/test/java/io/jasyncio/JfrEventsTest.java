package io.jasyncio;

import static io.jasyncio.Scripted.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's events as JFR events, published only while a recording wants them. */
class JfrEventsTest {

    @Test
    void taskStepsAndTimersArePublishedWhileARecordingRunsAndNotAfter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loop.jfr");
        SelectorEventLoop loop;
        try (Recording recording = new Recording()) {
            recording.enable("io.jasyncio.TaskStep");
            recording.enable("io.jasyncio.TaskCreated");
            recording.enable("io.jasyncio.TaskWakeup");
            recording.enable("io.jasyncio.TimerScheduled");
            recording.enable("io.jasyncio.Callback");
            recording.start();
            loop = TestLoops.virtual();
            loop.runUntilComplete(loop.createTask(
                    new Scripted<String>("jfr").then(v -> Asyncio.sleep(5)).then(v -> value("done")), "jfr-task"));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> steps = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.jasyncio.TaskStep"))
                .filter(e -> "jfr-task".equals(e.getString("task")))
                .collect(Collectors.toList());
        assertEquals(2, steps.size(), events.toString());
        assertEquals(0.0, steps.get(0).getDouble("loopTime"));
        assertTrue(
                steps.get(0).getString("suspendedOn").startsWith("sleep 5 s"),
                steps.get(0).toString());
        assertNull(steps.get(0).getString("outcome"));
        assertEquals(5.0, steps.get(1).getDouble("loopTime"));
        assertEquals("result", steps.get(1).getString("outcome"));
        assertTrue(events.stream()
                .anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.TaskCreated")
                        && "jfr-task".equals(e.getString("task"))));
        assertTrue(events.stream()
                .anyMatch(e ->
                        e.getEventType().getName().equals("io.jasyncio.TimerScheduled") && e.getDouble("when") == 5.0));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.TaskWakeup")));
        assertTrue(events.stream()
                .anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.Callback")
                        && "timer".equals(e.getString("kind"))));

        // The recording stopped: at its next iteration the loop drops the hooks again.
        loop.step();
        assertNull(loop.tracer());
        loop.close();
    }
}
