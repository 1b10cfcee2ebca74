package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STYLE item 5: the synchronisation primitives and queues are built on the public API of
 * {@code io.jasyncio} and {@code io.jasyncio.abi} only. Scans the compiled classes of those
 * files (their nested and anonymous classes included) for any reference to
 * {@code io/jasyncio/internal}: a referenced class, method or descriptor always appears as text
 * in the constant pool, so a plain byte search suffices without a class-file parser.
 */
class LayeringTest {
    /** The files under the rule. No allow-list: none of them may touch {@code internal}. */
    private static final List<Class<?>> LAYERED = List.of(
            WaiterFrame.class,
            Holding.class,
            Lock.class,
            Event.class,
            Condition.class,
            Semaphore.class,
            BoundedSemaphore.class,
            Barrier.class,
            BrokenBarrierError.class,
            Queue.class,
            PriorityQueue.class,
            LifoQueue.class,
            QueueEmpty.class,
            QueueFull.class,
            QueueShutDown.class,
            // datagram endpoints: on the loop's public add/removeReader and add/removeWriter only
            Datagrams.class,
            DatagramTransport.class,
            DatagramProtocol.class,
            DatagramEndpoint.class,
            DatagramOptions.class,
            // child processes: pumps hand over through callSoonThreadsafe, like any other thread
            Subprocesses.class,
            SubprocessTransport.class,
            SubprocessProtocol.class,
            SubprocessEndpoint.class,
            SubprocessOptions.class,
            SubprocessSignals.class,
            PipeTransport.class,
            ReadPipeTransport.class,
            WritePipeTransport.class);

    @Test
    void primitivesAndQueuesDoNotReferenceTheInternalPackage() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (Class<?> c : LAYERED) {
            for (String name : withNested(c)) {
                byte[] bytes = read(name);
                assertNotNull(bytes, name);
                scanned++;
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains("io/jasyncio/internal")) {
                    offenders.add(name);
                }
            }
        }
        assertEquals(List.of(), offenders, "classes referring to io.jasyncio.internal");
        // Guard against scanning nothing: the anonymous and nested classes were found too.
        org.junit.jupiter.api.Assertions.assertTrue(scanned > LAYERED.size(), "scanned " + scanned);
    }

    /** The binary names of {@code c} and of its member and anonymous classes, recursively. */
    private static List<String> withNested(Class<?> c) throws IOException {
        List<String> names = new ArrayList<>();
        names.add(c.getName());
        for (Class<?> m : c.getDeclaredClasses()) {
            names.addAll(withNested(m));
        }
        // Anonymous classes are numbered $1, $2, ... without gaps.
        for (int i = 1; read(c.getName() + "$" + i) != null; i++) {
            names.add(c.getName() + "$" + i);
            for (int k = 1; read(c.getName() + "$" + i + "$" + k) != null; k++) {
                names.add(c.getName() + "$" + i + "$" + k);
            }
        }
        return names;
    }

    private static byte[] read(String binaryName) throws IOException {
        String resource = "/" + binaryName.replace('.', '/') + ".class";
        try (InputStream in = LayeringTest.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
