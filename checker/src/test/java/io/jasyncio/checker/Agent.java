package io.jasyncio.checker;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.TransformException;
import io.jasyncio.agent.internal.transform.TypeResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Runs the agent's transformer, as the agent does at class load, over classes compiled in
 * memory: reads each refusal back as a {@link Rule} and a line, and finds the calls it left
 * alone (in methods it did not rewrite), which fail at run time.
 */
final class Agent {
    /** One class the agent refused. */
    record Refusal(String className, Rule rule, int line, String message) {}

    /** {@code owner.method(File.java:12): problem}, as {@code TransformException} words it. */
    private static final Pattern MESSAGE = Pattern.compile("(?s)[^(]+\\((?:[^):]*)(?::(\\d+))?\\): (.*)");

    private Agent() {}

    /**
     * Transforms each class.
     *
     * @param classes class files by binary name
     * @return the refusals, one at most per class, in class name order
     */
    static List<Refusal> refusals(Map<String, byte[]> classes) {
        CoroutineTransformer transformer = new CoroutineTransformer(resolver(classes));
        List<Refusal> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            try {
                transformer.transform(c.getValue());
            } catch (TransformException e) {
                Matcher m = MESSAGE.matcher(e.getMessage());
                if (!m.matches()) {
                    throw new AssertionError("not the agent's message format: " + e.getMessage());
                }
                int line = m.group(1) == null ? -1 : Integer.parseInt(m.group(1));
                out.add(new Refusal(c.getKey(), ruleOf(m.group(2)), line, e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Transforms each class the agent accepts and finds, in the result, the calls of
     * {@code await}, {@code done} and the {@code Yield} methods that are still there: the agent did
     * not rewrite their methods, so they throw when reached.
     *
     * @param classes class files by binary name
     * @return the source lines of those calls, in order, each once; refused classes are skipped
     */
    static SortedSet<Integer> linesLeftAlone(Map<String, byte[]> classes) {
        CoroutineTransformer transformer = new CoroutineTransformer(resolver(classes));
        SortedSet<Integer> out = new TreeSet<>();
        for (byte[] original : classes.values()) {
            byte[] rewritten;
            try {
                rewritten = transformer.transform(original);
            } catch (TransformException refused) {
                continue;
            }
            ClassNode cn = new ClassNode();
            new ClassReader(rewritten == null ? original : rewritten).accept(cn, 0);
            for (MethodNode m : cn.methods) {
                int line = -1;
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof LineNumberNode) {
                        line = ((LineNumberNode) insn).line;
                    } else if (insn instanceof MethodInsnNode && isRuntimeCall((MethodInsnNode) insn)) {
                        out.add(line);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isRuntimeCall(MethodInsnNode mi) {
        return mi.owner.equals("io/jasyncio/Yield")
                || mi.owner.equals("io/jasyncio/Asyncio") && (mi.name.equals("await") || mi.name.equals("done"));
    }

    /**
     * The rule whose text the agent's problem is, with its arguments filled in.
     *
     * @throws AssertionError if no rule has that text: the agent and the list have drifted apart
     */
    static Rule ruleOf(String problem) {
        for (Rule r : Rule.values()) {
            if (r.refusedByAgent() && textPattern(r).matcher(problem).matches()) {
                return r;
            }
        }
        throw new AssertionError("the agent refuses with a text that is in no Rule: " + problem);
    }

    private static Pattern textPattern(Rule r) {
        StringBuilder re = new StringBuilder("(?s)");
        String[] parts = r.text().split("%s", -1);
        for (int i = 0; i < parts.length; i++) {
            re.append(Pattern.quote(parts[i]));
            if (i < parts.length - 1) {
                re.append(".+");
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The class hierarchy from bytes: the compiled classes first, then the test class path and the JDK. */
    private static TypeResolver resolver(Map<String, byte[]> classes) {
        return internalName -> {
            byte[] b = classes.get(internalName.replace('/', '.'));
            if (b == null) {
                try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
                    if (in == null) {
                        return null;
                    }
                    b = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            ClassReader r = new ClassReader(b);
            return new TypeResolver.ClassInfo(
                    r.getClassName(),
                    r.getSuperName(),
                    (r.getAccess() & Opcodes.ACC_INTERFACE) != 0,
                    List.of(r.getInterfaces()));
        };
    }
}
