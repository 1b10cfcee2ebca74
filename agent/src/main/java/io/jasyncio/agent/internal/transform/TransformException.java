package io.jasyncio.agent.internal.transform;

/**
 * A method the agent refuses to rewrite, with a message naming its class, method and source
 * line and saying what to change.
 */
public final class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param owner internal name of the class
     * @param method the method's name
     * @param sourceFile the source file, or null
     * @param line the source line, or -1
     * @param problem what is wrong and how to fix it
     */
    public TransformException(String owner, String method, String sourceFile, int line, String problem) {
        super(owner.replace('/', '.') + "." + method + "(" + (sourceFile == null ? "Unknown Source" : sourceFile)
                + (line > 0 ? ":" + line : "") + "): " + problem);
    }
}
