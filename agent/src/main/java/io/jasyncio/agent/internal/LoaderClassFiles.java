package io.jasyncio.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class files a class loader sees, read through its resources ({@code a/B.class}) as bytes:
 * what the loader would define, without defining it. The loader is weakly referenced, so that a
 * resolver kept per loader never keeps its loader alive.
 */
final class LoaderClassFiles implements ClassFileSource {
    private final WeakReference<ClassLoader> loader;

    private LoaderClassFiles(ClassLoader loader) {
        this.loader = new WeakReference<>(loader);
    }

    /**
     * The class files of {@code loader}.
     *
     * @param loader the loader; null for the bootstrap loader
     * @return the source
     */
    static ClassFileSource of(ClassLoader loader) {
        return loader == null ? BootClassFiles.INSTANCE : new LoaderClassFiles(loader);
    }

    @Override
    public byte[] find(String internalName) throws IOException {
        ClassLoader l = loader.get();
        return l == null ? null : read(l, internalName);
    }

    private static byte[] read(ClassLoader loader, String internalName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * The bootstrap loader's class files, through a loader with no URLs of its own whose parent
     * is the bootstrap loader: it finds exactly what the bootstrap loader finds.
     */
    private static final class BootClassFiles implements ClassFileSource {
        static final BootClassFiles INSTANCE = new BootClassFiles();
        private final ClassLoader boot = new URLClassLoader(new URL[0], null);

        @Override
        public byte[] find(String internalName) throws IOException {
            return read(boot, internalName);
        }
    }
}
