package io.jasyncio.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's start-up preloading: ASM's classes only, loaded and linked, never initialised. */
class PreloadTest {
    /** Set by its static initialiser, which preloading must not run. */
    static volatile boolean initialised;

    static final class WithInitialiser {
        static {
            initialised = true;
        }

        int field;
    }

    @Test
    void everyPreloadedClassIsAnAsmClassThatExists() {
        List<String> missing = new ArrayList<>();
        String asm = org.objectweb.asm.ClassVisitor.class.getPackageName();
        for (String name : Preload.names()) {
            assertTrue(name.startsWith(asm + "."), name + " is not ASM's: preloading must never load other classes");
            try {
                Class.forName(name, false, Preload.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "renamed in this ASM version: the preload list is stale");
    }

    @Test
    void loadsInOrderSkipsWhatIsMissingAndInitialisesNothing() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        ClassLoader recording = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        };
        String withInitialiser = WithInitialiser.class.getName();
        Preload.load(recording, List.of("no.such.Class", withInitialiser, "java.lang.String"));
        assertEquals(List.of("no.such.Class", withInitialiser, "java.lang.String"), asked.subList(0, 3));
        assertFalse(initialised, "a preloaded class was initialised");
    }
}
