package io.jasyncio;

/** Lets tests of other packages read the loop's registry of async generators, which is package-private. */
public final class AsyncGensProbe {
    private AsyncGensProbe() {}

    /**
     * How many async generators the loop tracks: started, not finished, not yet closed.
     *
     * @param loop the loop
     * @return the count
     */
    public static int tracked(EventLoop loop) {
        return loop.asyncgens.size();
    }
}
