package io.jasyncio;

import java.util.ArrayList;
import java.util.List;

/**
 * The unfinished tasks of one loop, in creation order: an intrusive doubly linked list through
 * {@link Task}'s own fields, so registering and unregistering allocate nothing and cost
 * O(1).
 *
 * <p>It keeps every unfinished task reachable from its loop until it finishes. asyncio holds
 * tasks only weakly, so a task nobody references can be collected mid-flight (a known pitfall);
 * here it cannot. Loop thread only.
 */
final class TaskRegistry {
    private Task<?> first;
    private Task<?> last;
    private int size;

    void add(Task<?> t) {
        t.prevTask = last;
        t.nextTask = null;
        if (last == null) {
            first = t;
        } else {
            last.nextTask = t;
        }
        last = t;
        size++;
    }

    void remove(Task<?> t) {
        if (t.prevTask == null && first != t) {
            return;
        }
        if (t.prevTask == null) {
            first = t.nextTask;
        } else {
            t.prevTask.nextTask = t.nextTask;
        }
        if (t.nextTask == null) {
            last = t.prevTask;
        } else {
            t.nextTask.prevTask = t.prevTask;
        }
        t.prevTask = null;
        t.nextTask = null;
        size--;
    }

    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>(size);
        for (Task<?> t = first; t != null; t = t.nextTask) {
            out.add(t);
        }
        return out;
    }

    int size() {
        return size;
    }
}
