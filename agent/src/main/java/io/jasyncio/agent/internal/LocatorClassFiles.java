package io.jasyncio.agent.internal;

import java.io.IOException;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The class files of a Byte Buddy {@link ClassFileLocator} (a folder, a jar, several of them),
 * for the ahead-of-time front end and {@code explain}. The agent itself never uses this class,
 * so starting it with {@code -javaagent} loads no Byte Buddy class.
 */
final class LocatorClassFiles implements ClassFileSource {
    private final ClassFileLocator locator;

    LocatorClassFiles(ClassFileLocator locator) {
        this.locator = locator;
    }

    @Override
    public byte[] find(String internalName) throws IOException {
        ClassFileLocator.Resolution r = locator.locate(internalName.replace('/', '.'));
        return r.isResolved() ? r.resolve() : null;
    }
}
