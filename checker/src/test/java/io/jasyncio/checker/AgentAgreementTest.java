package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checker and the agent refuse the same programs for the same rule at the same line, and the
 * checker's errors for an await outside a coroutine are exactly the calls the agent leaves alone
 * (to throw at run time). Each
 * wrong program (the checker's, and the agent's own refusal fixtures) is compiled with the
 * checker, and compiled without it and handed class by class to the agent's transformer, as the
 * agent does at class load. The agent stops at a class's first refusal, so the programs refuse
 * one thing per class. Where the agent accepts what it should not (a line marked
 * {@code // agent-accepts}), the test checks that it still does, so that the marker goes when
 * the agent is fixed.
 */
class AgentAgreementTest {
    /**
     * Where the checker is more precise than the agent's present wording: the agent words a
     * generator's bad return as a coroutine's, and tells a lambda to be marked {@code @Async}.
     * Once the agent reads its messages from {@link Rule}, it can use the checker's rules and
     * this map shrinks to nothing.
     */
    private static final Map<Rule, Rule> AGENT_WORDS_IT_AS = Map.of(
            Rule.GENERATOR_RETURN_NOT_RESULT, Rule.RETURN_NOT_DONE,
            Rule.ASYNC_GENERATOR_RETURN_NOT_END, Rule.RETURN_NOT_DONE,
            Rule.ASYNC_GENERATOR_LAMBDA, Rule.ASYNC_GENERATOR_NOT_ASYNC);

    /**
     * Rules about a whole method, which the checker reports at its declaration (the return type,
     * the lambda) and the agent at the first line of its code: a class file has no line for a
     * declaration.
     */
    private static final Set<Rule> AGENT_REPORTS_FIRST_CODE_LINE =
            Set.of(Rule.WRONG_RETURN_TYPE, Rule.ASYNC_GENERATOR_NOT_ASYNC, Rule.ASYNC_GENERATOR_LAMBDA);

    /** The checker's rules for calls the agent leaves alone, which then throw when reached. */
    private static final Set<Rule> LEFT_ALONE = Set.of(
            Rule.AWAIT_OUTSIDE_COROUTINE,
            Rule.YIELD_OUTSIDE_GENERATOR,
            Rule.AWAIT_IN_LAMBDA,
            Rule.YIELD_IN_LAMBDA,
            Rule.AWAIT_IN_SYNCHRONOUS_LAMBDA);

    /** Refusals of bytecode that only the agent sees, by fixture. */
    private static final Map<String, List<Rule>> BYTECODE_ONLY =
            Map.of("io/jasyncio/agent/refused/TooLargeAfterRewrite.java", List.of(Rule.METHOD_TOO_LARGE));

    /** The rules both refused, gathered across the programs. */
    private static final Set<Rule> AGREED = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger PROGRAMS_CHECKED = new AtomicInteger();

    private static Map<String, String> programs() {
        Map<String, String> all = new LinkedHashMap<>(Programs.resources("wrong"));
        Path agentTests = Programs.repository().resolve("agent/src/test/java");
        all.putAll(Programs.read(agentTests.resolve("io/jasyncio/agent/refused"), agentTests));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> theCheckerAndTheAgentRefuseTheSameRuleAtTheSameLine() {
        return programs().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> agree(e.getKey(), e.getValue())));
    }

    @Test
    void theAgentsOwnRefusalFixturesAreAmongThePrograms() {
        long fixtures = programs().keySet().stream()
                .filter(k -> k.startsWith("io/jasyncio/agent/refused/"))
                .count();
        assertEquals(true, fixtures >= 10, "found " + fixtures + " of the agent's refusal fixtures");
    }

    @AfterAll
    static void everyRuleOfBothIsRefusedByBothInSomeProgram() {
        if (PROGRAMS_CHECKED.get() < programs().size()) {
            return; // a filtered run: the coverage is not known
        }
        Set<Rule> missing = EnumSet.noneOf(Rule.class);
        for (Rule r : Rule.values()) {
            if (r.refusedByAgent() && r.checkedByCompiler() && !AGREED.contains(r)) {
                missing.add(r);
            }
        }
        assertEquals(Set.of(), missing);
    }

    private static void agree(String file, String source) {
        InMemoryJavac.Result checked = InMemoryJavac.withChecker(Map.of(file, source));
        List<String> expected = new ArrayList<>();
        List<String> agentAccepts = new ArrayList<>();
        SortedSet<Integer> leftAlone = new TreeSet<>();
        List<Integer> acceptedLines = Programs.agentAccepts(source);
        for (Diagnostic<? extends JavaFileObject> d : checked.checker()) {
            String message = d.getMessage(null);
            Rule rule = Rule.byId(message.substring(Reporter.PREFIX.length(), message.indexOf(']')));
            if (LEFT_ALONE.contains(rule)) {
                leftAlone.add((int) d.getLineNumber());
            }
            Rule agentRule = AGENT_WORDS_IT_AS.getOrDefault(rule, rule.refusedByAgent() ? rule : null);
            if (agentRule != null) {
                int line = (int) d.getLineNumber();
                if (AGENT_REPORTS_FIRST_CODE_LINE.contains(rule)) {
                    line = firstCodeLine(source, line);
                }
                (acceptedLines.contains(line) ? agentAccepts : expected).add(agentRule.id() + " at line " + line);
            }
        }
        InMemoryJavac.Result compiled = InMemoryJavac.withoutChecker(Map.of(file, source));
        assertEquals(List.of(), compiled.javacErrors());
        assertFalse(compiled.classes().isEmpty());
        List<String> refused = new ArrayList<>();
        List<Rule> bytecodeOnly = new ArrayList<>();
        for (Agent.Refusal r : Agent.refusals(compiled.classes())) {
            if (r.rule().checkedByCompiler()) {
                refused.add(r.rule().id() + " at line " + r.line());
            } else {
                bytecodeOnly.add(r.rule());
            }
        }
        Collections.sort(expected);
        Collections.sort(refused);
        assertEquals(expected, refused);
        for (String r : refused) {
            AGREED.add(Rule.byId(r.substring(0, r.indexOf(' '))));
        }
        PROGRAMS_CHECKED.incrementAndGet();
        for (String a : agentAccepts) {
            assertFalse(refused.contains(a), "the agent now refuses " + a + ": remove the line's agent-accepts marker");
        }
        assertEquals(BYTECODE_ONLY.getOrDefault(file, List.of()), bytecodeOnly);
        assertEquals(leftAlone, Agent.linesLeftAlone(compiled.classes()), "the calls the agent does not rewrite");
    }

    /**
     * The line of the first code of the method or lambda declared at {@code line}: its first
     * statement, or for an empty body its closing brace, where javac puts the {@code return}.
     */
    private static int firstCodeLine(String source, int line) {
        JavaFileObject file = new SimpleJavaFileObject(URI.create("mem:///Parsed.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler()
                .getTask(null, null, null, List.of("-proc:none"), null, List.of(file));
        CompilationUnitTree unit;
        try {
            unit = task.parse().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        int[] found = {-1};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                if (node.getReturnType() != null && lineOf(node.getReturnType()) == line) {
                    found[0] = firstLineOf(node.getBody());
                }
                return super.visitMethod(node, unused);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                if (lineOf(node) == line) {
                    found[0] = firstLineOf(node.getBody());
                }
                return super.visitLambdaExpression(node, unused);
            }

            private int firstLineOf(Tree body) {
                if (body instanceof BlockTree) {
                    BlockTree b = (BlockTree) body;
                    return b.getStatements().isEmpty()
                            ? (int) unit.getLineMap().getLineNumber(positions.getEndPosition(unit, b) - 1)
                            : lineOf(b.getStatements().get(0));
                }
                return lineOf(body);
            }

            private int lineOf(Tree t) {
                return (int) unit.getLineMap().getLineNumber(positions.getStartPosition(unit, t));
            }
        }.scan(unit, null);
        if (found[0] < 0) {
            throw new AssertionError("no method or lambda declared at line " + line);
        }
        return found[0];
    }
}
