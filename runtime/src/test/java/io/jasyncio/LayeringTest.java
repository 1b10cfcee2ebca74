package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other one way, checked on the compiled classes: a
 * class may use its own package and the layers below it, never a layer above nor a package of
 * its own layer. {@link PackageLayersTest} shows the check failing on a planted back edge.
 *
 * <h2>The layers, lowest first</h2>
 * <ol>
 *   <li>{@code io.jasyncio}: what users program against (the contracts: {@code EventLoop},
 *       {@code Future}, {@code Task}, the transports and protocols; the primitives, queues and
 *       the {@code Asyncio} facade) and the coroutine engine under them. It uses nothing of
 *       the runtime's, so the high-level primitives ({@code Lock}, {@code Queue},
 *       {@code timeout}, {@code TaskGroup}, {@code gather}, ...) are built on the public API and
 *       the engine only.</li>
 *   <li>{@code io.jasyncio.abi}: the entry points of code the agent rewrites ({@code Frame},
 *       the generator frames, {@code Intrinsics}).</li>
 *   <li>{@code internal.handwritten} (the bases of the runtime's own hand-written coroutines
 *       above the engine) and {@code internal.trace} (the tracer the loop calls, and the trace
 *       it makes).</li>
 *   <li>{@code internal.net} (stream sockets, TLS, servers, datagrams) and
 *       {@code internal.process} (child processes and their pipes): the transports, on the
 *       loop's public API.</li>
 *   <li>{@code io.jasyncio.streams} (asyncio's streams, on the socket transports) and
 *       {@code io.jasyncio.internal} (the loop, {@code SelectorEventLoop}, which implements
 *       {@code EventLoop} with the transports).</li>
 * </ol>
 *
 * <h2>Why the engine sits in the root package, below abi</h2>
 * Every coroutine is a {@code Coroutine}, and the root package's own primitives are coroutines
 * written by hand, so whichever package holds the engine, the root package needs it; and
 * {@code abi.Frame}, the base of generated code, must be a {@code Coroutine}. So the engine
 * (the coroutine's state, the resume loop, awaits) is {@code Coroutine} itself, and {@code abi}
 * sits above it: {@code Frame} adds only the methods a generated subclass implements, and
 * {@code Intrinsics} reaches the engine through {@code Coroutine.Engine}, its protected
 * interface to subclasses. The alternative, keeping the engine in {@code abi}, would need the
 * root package to use {@code abi}, and {@code abi} the root package: a cycle.
 *
 * <h2>Allowed edges</h2>
 * The facade creates the default implementation: that is the only place where the root package
 * names a class of the loop's. Everything else the root package needs of an implementation goes
 * through the contracts ({@code EventLoop}'s protected methods for implementations, a
 * coroutine's {@code attachDriver}, {@code EventLoop.startTrace}).
 */
class LayeringTest {
    /** The runtime's layers and the edges kept on purpose. */
    static final PackageLayers RULES = new PackageLayers(
            "io.jasyncio",
            List.of(
                    List.of("io.jasyncio"),
                    List.of("io.jasyncio.abi"),
                    List.of("io.jasyncio.internal.handwritten", "io.jasyncio.internal.trace"),
                    List.of("io.jasyncio.internal.net", "io.jasyncio.internal.process"),
                    List.of("io.jasyncio.streams", "io.jasyncio.internal")),
            Set.of(
                    // asyncio.new_event_loop(), and Runner through it: the default loop.
                    "io.jasyncio.Asyncio -> io.jasyncio.internal.SelectorEventLoop",
                    // asyncio.sleep(d): the sleep's coroutine is the loop's own timer entry, so
                    // that a sleeping task costs no future and no timer handle (W2).
                    "io.jasyncio.Asyncio -> io.jasyncio.internal.Sleep"));

    @Test
    void packagesDependOnLowerLayersOnly() {
        Map<String, Set<String>> classes = PackageLayers.readClasses(Path.of("target", "classes"));
        assertTrue(classes.size() > 200, "read " + classes.size() + " classes");
        PackageLayers.Result r = RULES.check(classes);
        assertEquals(List.of(), r.violations());
    }

    /** An allowance nothing uses any more is removed, so the list stays the truth. */
    @Test
    void everyAllowedEdgeIsStillThere() {
        PackageLayers.Result r = RULES.check(PackageLayers.readClasses(Path.of("target", "classes")));
        assertEquals(
                Set.of(
                        "io.jasyncio.Asyncio -> io.jasyncio.internal.SelectorEventLoop",
                        "io.jasyncio.Asyncio -> io.jasyncio.internal.Sleep"),
                r.allowancesUsed());
    }

    /**
     * ARCHITECTURE.md states the layers and the allowed edges a newcomer reads first; they are
     * the rules above, so the document cannot drift from what this test enforces.
     */
    @Test
    void architectureDocumentStatesTheseLayersAndEdges() throws IOException {
        String doc = Files.readString(Path.of("..", "ARCHITECTURE.md"));
        List<List<String>> stated = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ([^|]+) \\|")
                .matcher(doc.substring(doc.indexOf("## The runtime's layers"), doc.indexOf("## 1. ")));
        while (row.find()) {
            assertEquals(stated.size() + 1, Integer.parseInt(row.group(1)), "layer numbers in order");
            List<String> packages = new ArrayList<>();
            Matcher name = Pattern.compile("`([a-z.]+)`").matcher(row.group(2));
            while (name.find()) {
                String p = name.group(1);
                packages.add(p.startsWith("internal") ? "io.jasyncio." + p : p);
            }
            stated.add(packages);
        }
        assertEquals(RULES.layers(), stated);
        for (String edge : RULES.allowed()) {
            String[] ends = edge.split(" -> ");
            String shown = "`" + ends[0].substring("io.jasyncio.".length()) + " -> "
                    + ends[1].substring("io.jasyncio.".length()) + "`";
            assertTrue(doc.contains(shown), "ARCHITECTURE.md names the allowed edge " + shown);
        }
    }
}
