package io.jasyncio.samples.tutorial;

import io.jasyncio.Generator;
import io.jasyncio.GeneratorExit;
import io.jasyncio.StopIteration;
import io.jasyncio.Yield;

/**
 * Generators driven by hand: {@code send} hands a value in at the paused {@code Yield.value},
 * {@code throwInto} raises an exception there, {@code close} raises {@code GeneratorExit} there,
 * and {@code Yield.from} delegates all three to a sub-generator (PEP 380).
 *
 * <pre>
 * def averager():
 *     total, count, average = 0.0, 0, None
 *     try:
 *         while True:
 *             try:
 *                 value = yield average
 *             except ValueError as e:
 *                 print("averager: ignoring", e)
 *                 continue
 *             if value is None:
 *                 return average
 *             total += value; count += 1
 *             average = total / count
 *     finally:
 *         print("averager: finally")
 *
 * def report(label):
 *     result = yield from averager()
 *     print(label, "got", result)
 *     return result
 * </pre>
 */
public final class ByHand {
    private ByHand() {}

    static Generator<Double, Double, Double> averager() {
        double total = 0;
        int count = 0;
        Double average = null;
        try {
            while (true) {
                Double value;
                try {
                    value = Yield.value(average);
                } catch (IllegalArgumentException e) {
                    System.out.println("averager: ignoring " + e.getMessage());
                    continue;
                }
                if (value == null) {
                    return Yield.result(average);
                }
                total += value;
                count++;
                average = total / count;
            }
        } finally {
            System.out.println("averager: finally");
        }
    }

    static Generator<Double, Double, Double> report(String label) {
        Double result = Yield.from(averager());
        System.out.println(label + " got " + result);
        return Yield.result(result);
    }

    /**
     * Drives an averager, then a report delegating to one, then closes a third.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Generator<Double, Double, Double> avg = averager();
        System.out.println("next() -> " + avg.next()); // runs to the first yield
        System.out.println("send(10) -> " + avg.send(10.0));
        System.out.println("send(20) -> " + avg.send(20.0));
        System.out.println("throwInto(bad) -> " + avg.throwInto(new IllegalArgumentException("bad")));
        try {
            avg.send(null);
        } catch (StopIteration end) {
            System.out.println("send(null) -> StopIteration, value " + end.value());
        }

        Generator<Double, Double, Double> rep = report("report");
        rep.next();
        System.out.println("through Yield.from: send(1) -> " + rep.send(1.0));
        System.out.println("through Yield.from: send(3) -> " + rep.send(3.0));
        try {
            rep.send(null);
        } catch (StopIteration end) {
            System.out.println("report: StopIteration, value " + end.value());
        }

        Generator<Double, Double, Double> closed = report("never");
        closed.next();
        System.out.println("close() -> " + closed.close());
        try {
            closed.next();
        } catch (StopIteration end) {
            System.out.println("next() after close -> StopIteration");
        }
        System.out.println("GeneratorExit is an Exception: " + Exception.class.isAssignableFrom(GeneratorExit.class));
    }
}
