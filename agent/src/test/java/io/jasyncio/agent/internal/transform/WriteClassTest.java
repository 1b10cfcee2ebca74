package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/** Step 13: the class file, with the rewritten methods replaced and everything else kept. */
class WriteClassTest {

    private static ClassNode read(byte[] b) {
        ClassNode cn = new ClassNode();
        new ClassReader(b).accept(cn, ClassReader.SKIP_FRAMES);
        return cn;
    }

    private static String text(MethodNode m) {
        Textifier t = new Textifier();
        m.accept(new TraceMethodVisitor(t));
        StringWriter w = new StringWriter();
        t.print(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void withNothingRewrittenTheClassIsCopiedAndMarked() {
        byte[] original = Fixtures.bytesOf(Samples.class);
        ClassNode cn = read(original);
        byte[] out = WriteClass.write(new ClassReader(original), cn, List.of(), null);
        ClassNode written = read(out);
        assertEquals(cn.methods.size(), written.methods.size());
        for (int i = 0; i < cn.methods.size(); i++) {
            assertEquals(text(cn.methods.get(i)), text(written.methods.get(i)));
        }
        assertTrue(written.invisibleAnnotations.stream().anyMatch(a -> a.desc.equals(Names.INSTRUMENTED_DESC)));
        assertFalse(ScanForAsync.needsTransform(out), "a marked class is never rewritten again");
    }

    @Test
    void aRewrittenMethodIsReplacedByItsStubAndBodyAndTheOthersAreKept() {
        byte[] original = Fixtures.bytesOf(Samples.class);
        ClassNode before = read(original);
        ClassNode after = read(Fixtures.transformer().transform(original));
        assertEquals(
                text(Fixtures.method(before, "plain")),
                text(Fixtures.method(after, "plain")),
                "a method that is not a coroutine keeps its code");
        List<String> keepsTwo = after.methods.stream()
                .filter(m -> m.name.equals("keepsTwo"))
                .map(m -> m.desc)
                .toList();
        assertEquals(List.of("(ILjava/lang/String;)Lio/jasyncio/Coroutine;", Names.BODY_DESC), keepsTwo);
    }
}
