package io.jasyncio.agent.internal;

import java.io.IOException;

/**
 * Where a {@link ClassFileTypeResolver} finds class files: the bytes of a class by its internal
 * name, read as data and never loaded as a class.
 */
@FunctionalInterface
public interface ClassFileSource {
    /**
     * Finds the class file of a class.
     *
     * @param internalName the internal name, such as {@code java/lang/String}
     * @return its bytes, or null when this source has no such class file
     * @throws IOException if the class file exists but cannot be read
     */
    byte[] find(String internalName) throws IOException;
}
