package io.jasyncio.agent.inspect;

import java.util.List;

/**
 * One pending task of the inspected JVM, as its runtime's dump hook described it.
 *
 * @param loop the id of the task's loop
 * @param thread the loop's thread ({@code name#id}), or empty when the loop is not running
 * @param read how the loop was read: {@code safe} (on its thread), {@code racy} (it did not
 *     answer in time) or {@code idle} (not running)
 * @param id the task's id
 * @param name the task's name
 * @param coro the coroutine's description, {@code Class.method() running at File.java:42}
 * @param stack the coroutine frames it is suspended in, innermost first, each
 *     {@code Class.method File.java:42}
 * @param awaitedBy the ids of the tasks that await it
 */
public record Row(
        String loop,
        String thread,
        String read,
        String id,
        String name,
        String coro,
        List<String> stack,
        List<String> awaitedBy) {

    /**
     * The method of a stack entry without its file and line: {@code Class.method}.
     *
     * @param entry a {@link #stack()} entry
     * @return its first word
     */
    static String method(String entry) {
        int sp = entry.indexOf(' ');
        return sp < 0 ? entry : entry.substring(0, sp);
    }
}
