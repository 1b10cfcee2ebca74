package io.jasyncio;

/**
 * The coroutine {@link Asyncio#coroutine(Generator)} makes of a generator: it drives the
 * generator as asyncio's task drives a generator-based coroutine. A yielded {@code null} gives
 * up control for one loop iteration, a yielded awaitable is awaited and its outcome sent (or
 * thrown) back in, anything else is refused at the yield with Python's words, and the
 * generator's return value is the coroutine's result.
 *
 * @param <R> the generator's return type
 */
final class GeneratorAsCoroutine<R> extends HandWrittenCoroutine<R> {
    private final Generator<?, Object, R> generator;

    @SuppressWarnings("unchecked")
    GeneratorAsCoroutine(Generator<?, ?, R> generator) {
        super(generator.getName());
        this.generator = (Generator<?, Object, R>) generator;
    }

    @Override
    Object body(Object value, Throwable error) throws Throwable {
        while (true) {
            Object yielded;
            try {
                yielded = error != null ? generator.throwInto(error) : generator.send(value);
            } catch (StopIteration stop) {
                return stop.value();
            }
            if (yielded == null) {
                return awaitNext(Asyncio.sleep(0));
            }
            if (yielded instanceof Awaitable<?> awaitable) {
                return awaitNext(awaitable);
            }
            value = null;
            error = new IllegalStateException("Task got bad yield: " + yielded);
        }
    }

    @Override
    public Object close() {
        super.close();
        return generator.close();
    }
}
