package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How much the rewrite grows code, per shape fixture: the code bytes of the methods it rewrites,
 * before, against those of their bodies and stubs after. Only the suspension points should cost
 * (each await's suspend and resume paths, the resume switch); code away from awaits keeps its
 * size, so a large method near the JVM's 64 KiB limit is not pushed over it by the rewrite alone.
 */
class CodeGrowthTest {

    /** Code bytes per method, by name and descriptor, read from the class file's Code attributes. */
    static Map<String, Integer> codeSizes(byte[] classFile) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            in.skipBytes(8);
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IllegalStateException("constant pool tag " + tag);
                }
            }
            in.skipBytes(6);
            in.skipBytes(2 * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            Map<String, Integer> sizes = new TreeMap<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.skipBytes(2);
                String name = utf8[in.readUnsignedShort()];
                String desc = utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.skipBytes(4);
                        int code = in.readInt();
                        sizes.merge(name + desc, code, Integer::sum);
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int a = 0; a < n; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }

    /** Before and after, summed over the rewritten methods of one class. */
    record Growth(String shape, int methods, int awaits, int before, int after) {
        double percent() {
            return 100.0 * (after - before) / before;
        }

        /**
         * Whether the growth is that of the rewrite's own code alone: a fixed cost per method (the
         * stub, the entry, the resume switch) and per suspension point (its suspend and resume
         * paths, saving and restoring its live values), nothing in proportion to the code.
         */
        boolean onlyAtSuspensionPoints() {
            return after - before <= 200 * methods + 150 * awaits;
        }
    }

    static Growth growth(String shape, byte[] original) {
        byte[] rewritten = Fixtures.transformer().transform(original);
        Map<String, Integer> before = codeSizes(original);
        Map<String, Integer> after = codeSizes(rewritten);
        int methods = 0;
        int awaits = 0;
        int sizeBefore = 0;
        int sizeAfter = 0;
        var cn = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(original).accept(cn, 0);
        for (var m : cn.methods) {
            if (ClassifyMethods.kindOf(m) == null) {
                continue;
            }
            methods++;
            awaits += FindSuspensionPoints.find(m).size();
            sizeBefore += before.get(m.name + m.desc);
            sizeAfter += after.get(m.name + m.desc); // the stub
        }
        for (var e : after.entrySet()) {
            if (e.getKey().endsWith(Names.BODY_DESC)) {
                sizeAfter += e.getValue();
            }
        }
        return new Growth(shape, methods, awaits, sizeBefore, sizeAfter);
    }

    @Test
    void codeGrowsOnlyAtSuspensionPoints() throws IOException {
        List<Growth> all = new ArrayList<>();
        Path shapes = Path.of("target/test-classes/io/jasyncio/agent/shapes");
        try (Stream<Path> files = Files.list(shapes)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith("IT.class")) {
                    continue;
                }
                Growth g = growth(name.replace(".class", ""), Files.readAllBytes(f));
                if (g.methods() > 0) {
                    all.add(g);
                }
            }
        }
        StringBuilder table = new StringBuilder("shape: methods, awaits, code bytes before -> after (growth)\n");
        for (Growth g : all) {
            table.append(String.format(
                    "%-24s %3d %4d %7d -> %7d (%+.0f%%)%n",
                    g.shape(), g.methods(), g.awaits(), g.before(), g.after(), g.percent()));
        }
        System.out.print(table);
        assertTrue(all.size() > 15, table.toString());
        for (Growth g : all) {
            assertTrue(g.onlyAtSuspensionPoints(), g + "\n" + table);
        }
    }

    /**
     * A method of plain code (locals, arithmetic, loops, calls) and a single await: the rewrite
     * costs the await and the method's entry, whatever the size of the code around them.
     */
    @Test
    void aLargeMethodWithOneAwaitGrowsByTheAwaitAlone() {
        Growth g = growth("Sprawling", Fixtures.bytesOf(io.jasyncio.agent.internal.transform.fixtures.Sprawling.class));
        System.out.println("Sprawling: " + g.before() + " -> " + g.after() + String.format(" (%+.1f%%)", g.percent()));
        assertEquals(1, g.awaits());
        assertTrue(g.after() - g.before() < 250, g.toString());
    }
}
