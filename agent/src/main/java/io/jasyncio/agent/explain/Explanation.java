package io.jasyncio.agent.explain;

import java.util.List;
import org.objectweb.asm.Type;

/**
 * What {@code explain} learned about one rewritten method, taken from the steps' own results;
 * the text report, the state graph and the tests all read this.
 *
 * @param className binary name of the declaring class ({@code io.jasyncio.samples.Count})
 * @param methodName the method's name
 * @param descriptor the method's descriptor
 * @param sourceFile the source file, or null
 * @param firstLine the first source line of the body, or -1
 * @param kind the method's kind for a learner: {@code coroutine}, {@code coroutine (lambda body)},
 *     {@code generator-based coroutine}, {@code generator} or {@code async generator}
 * @param bodyName the name of the static method that holds the rewritten body
 * @param frameClass binary name of the generated frame class
 * @param frameSuper binary name of its superclass
 * @param states state 0 (the start) then one per suspension point, in label order
 * @param edges the state graph
 * @param layout the frame class's fields and estimated size
 */
record Explanation(
        String className,
        String methodName,
        String descriptor,
        String sourceFile,
        int firstLine,
        String kind,
        String bodyName,
        String frameClass,
        String frameSuper,
        List<State> states,
        List<Edge> edges,
        Layout layout) {

    /** Copies the lists. */
    Explanation {
        states = List.copyOf(states);
        edges = List.copyOf(edges);
    }

    /**
     * The method as a learner names it: {@code io.jasyncio.samples.Count.count(int, String)}.
     *
     * @return the qualified name with parameter types
     */
    String displayName() {
        StringBuilder sb =
                new StringBuilder(className).append('.').append(methodName).append('(');
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < args.length; i++) {
            String pkg = className.lastIndexOf('.') < 0 ? "" : className.substring(0, className.lastIndexOf('.'));
            sb.append(i == 0 ? "" : ", ").append(Types.simple(args[i].getDescriptor(), pkg));
        }
        return sb.append(')').toString();
    }

    /**
     * One state of the machine: the value of the frame's {@code label} field when the method is
     * resumed.
     *
     * @param label 0 for the start, k for suspension point k
     * @param line the source line (of the body's start, or of the suspension point), or -1
     * @param kind {@code start}, {@code await}, {@code await stage}, {@code yield},
     *     {@code yield from} or {@code yield from (await)}
     * @param operandType the static type of the awaited (or yielded) expression, for display,
     *     or null for the start
     * @param mayThrow the exception class an {@code await(x, X.class)} declares, for display, or
     *     null
     * @param reachable false for an await javac left in dead code: never suspended at
     * @param saved what is saved in the frame on suspension there and restored on resume (for
     *     state 0: the parameters the frame's constructor stores)
     * @param clearedFields reference fields nulled on suspension there
     */
    record State(
            int label,
            int line,
            String kind,
            String operandType,
            String mayThrow,
            boolean reachable,
            List<Value> saved,
            List<String> clearedFields) {
        /** Copies the lists. */
        State {
            saved = List.copyOf(saved);
            clearedFields = List.copyOf(clearedFields);
        }

        /**
         * What the state waits for, for display: the operand's type, and the exception an
         * {@code await(x, X.class)} declares, such as {@code Coroutine, may throw SQLException}.
         *
         * @return the text, or null for the start
         */
        String awaits() {
            return operandType == null || mayThrow == null ? operandType : operandType + ", may throw " + mayThrow;
        }
    }

    /**
     * A value kept in the frame across a suspension.
     *
     * @param origin {@code param}, {@code local} or {@code stack}
     * @param name the source name, {@code slot N} without a local variable table, or
     *     {@code stack[i]} for a spilled operand-stack value (bottom first)
     * @param type the declared type for display (from the local variable table when known,
     *     else the verifier's)
     * @param savedType the verifier type the transformer saved, for display
     * @param slot the slot in the original method, or -1 for a stack value
     * @param field the frame field that holds it, or null for a value known to be null
     * @param restore how the resume code gets it back, such as {@code (String) L$0}
     */
    record Value(String origin, String name, String type, String savedType, int slot, String field, String restore) {}

    /**
     * An edge of the state graph.
     *
     * @param from the source node: {@code caller} or {@code sN}
     * @param to the target node: {@code sN}, {@code returned} or {@code raised}
     * @param kind {@code start}, {@code suspend}, {@code resume}, {@code return} or {@code throw}
     * @param lines the source lines where it happens, ascending (empty for start and resume)
     */
    record Edge(String from, String to, String kind, List<Integer> lines) {
        /** Copies the list. */
        Edge {
            lines = List.copyOf(lines);
        }
    }

    /**
     * The generated frame class's layout.
     *
     * @param fields the frame's own fields, {@code label} first
     * @param inherited the instance fields of its superclasses, as {@code type name}, or empty
     *     when they could not be read
     * @param inheritedKnown false when the superclasses were not on the class path and their
     *     size was assumed
     * @param inheritedBytes the bytes the superclasses' fields take
     * @param ownBytes the bytes the frame's own fields take
     * @param estimatedBytes header, fields, rounded up to 8
     */
    record Layout(
            List<Field> fields,
            List<String> inherited,
            boolean inheritedKnown,
            int inheritedBytes,
            int ownBytes,
            int estimatedBytes) {
        /** Copies the lists. */
        Layout {
            fields = List.copyOf(fields);
            inherited = List.copyOf(inherited);
        }
    }

    /**
     * A field of the frame class.
     *
     * @param name {@code label}, {@code I$0}, {@code L$1}, ...
     * @param type its declared type for display
     * @param holds what it holds at each state, such as {@code 1: count, 2: stack[0]}
     */
    record Field(String name, String type, String holds) {}
}
