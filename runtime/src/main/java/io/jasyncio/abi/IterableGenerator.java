package io.jasyncio.abi;

import java.util.Iterator;

/**
 * What {@code Yield.from(iterable)} delegates to: a generator that yields the iterable's
 * elements and returns null, as {@code yield from [1, 2]} delegates to the list's iterator.
 *
 * @param <Y> the element type
 */
final class IterableGenerator<Y> extends GeneratorFrame<Y, Object, Void> {
    private final Iterator<? extends Y> elements;

    IterableGenerator(Iterator<? extends Y> elements) {
        this.elements = elements;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (error != null) {
            // An iterator has no throw(): the error is raised at the delegating generator's
            // Yield.from, which is where the engine hands what this throws.
            throw Intrinsics.sneaky(error);
        }
        if (value != null) {
            // Python: AttributeError: 'list_iterator' object has no attribute 'send'.
            throw new UnsupportedOperationException(
                    "cannot send a value into the iterator of an Iterable delegated to with Yield.from");
        }
        if (elements.hasNext()) {
            yielded = elements.next();
            suspendOn(YIELDED);
            return SUSPENDED;
        }
        return null;
    }

    @Override
    public String getName() {
        return "Yield.from";
    }

    @Override
    protected String sourceFile() {
        return null;
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
