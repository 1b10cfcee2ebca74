package io.jasyncio.agent.internal;

import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.tree.analysis.Analyzer;

/**
 * Loads and links the ASM classes that rewriting a class needs last (the analyzer, the class
 * writer and its frame computation), on a thread of its own, while the JVM goes on starting and
 * the first coroutine class is read and planned on the main thread.
 *
 * <h2>Why</h2>
 * A program started with {@code -javaagent} meets the transformer in its very first class, and
 * everything the transformer uses is loaded, verified and run in the interpreter then: about a
 * hundred classes of ASM and of the agent, most of the agent's start-up cost. Loading a class is
 * the same work on any thread, so on a machine with a second core the classes needed late are
 * loaded here while the main thread loads and runs the ones needed first; the main thread, when
 * it reaches one, finds it ready (or waits for the one being loaded). No CPU time is saved, and
 * with a single free core nothing is gained, but nothing is lost either: every class is loaded
 * once, by whichever thread asks first.
 *
 * <h2>Safety</h2>
 * Classes are loaded and linked (verified), never initialised, so no static initialiser runs
 * here and no two threads can deadlock on each other's initialisation. Only ASM's classes are
 * named, never the application's or the runtime's; a name that is missing (another ASM version)
 * is skipped. Nothing here is needed for correctness: without it the same classes load on
 * demand.
 */
public final class Preload implements Runnable {
    private Preload() {}

    /** Starts the preloading thread, a daemon that ends when it is done; any thread may call it. */
    public static void start() {
        Thread t = new Thread(new Preload(), "jasyncio-agent-preload");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        load(Preload.class.getClassLoader(), names());
    }

    /**
     * Loads and links each class, in order, without initialising any.
     *
     * @param loader where the classes are loaded
     * @param names their binary names; one that cannot be loaded is skipped
     */
    static void load(ClassLoader loader, List<String> names) {
        for (String name : names) {
            try {
                // getDeclaredFields links the class (verifies it) without initialising it.
                Class.forName(name, false, loader).getDeclaredFields();
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // Loaded on demand instead, by the thread that needs it.
            }
        }
    }

    /**
     * The classes in the reverse of the order the transformer first needs them, so that this
     * thread and the main thread meet in the middle instead of queueing for the same class.
     * Named relative to the packages of two ASM classes, so the names follow the agent jar's
     * relocation of ASM.
     */
    static List<String> names() {
        String core = ClassVisitor.class.getPackageName() + ".";
        String analysis = Analyzer.class.getPackageName() + ".";
        return List.of(
                core + "Handle",
                core + "Handler",
                core + "Edge",
                core + "CurrentFrame",
                core + "Frame",
                core + "ByteVector",
                core + "SymbolTable$Entry",
                core + "Symbol",
                core + "SymbolTable",
                core + "ComputeLimits",
                core + "FieldWriter",
                core + "AnnotationWriter",
                core + "ModuleWriter",
                core + "RecordComponentWriter",
                analysis + "CheckedArrayList",
                analysis + "ComputeLimits",
                analysis + "Subroutine",
                analysis + "BasicValue",
                analysis + "Frame",
                analysis + "Analyzer",
                analysis + "SimpleVerifier",
                analysis + "BasicVerifier",
                analysis + "BasicInterpreter",
                core + "Type",
                core + "MethodWriter",
                core + "ClassWriter");
    }
}
