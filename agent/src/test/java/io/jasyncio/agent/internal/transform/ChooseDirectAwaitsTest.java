package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.agent.internal.transform.SpillAndRestore.DirectCallee;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

/** Step 7: which awaits call their callee's body directly. */
class ChooseDirectAwaitsTest {
    private static final String KINDS = "io/jasyncio/agent/internal/transform/fixtures/Kinds";

    @Test
    void onlyStaticAsyncCoroutinesCanBeAwaitedDirectly() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        assertEquals(
                Map.of(
                        "coroutine()Lio/jasyncio/Coroutine;",
                        "coroutine",
                        "coroutine(I)Lio/jasyncio/Coroutine;",
                        "coroutine$1",
                        "declares()Lio/jasyncio/Coroutine;",
                        "declares"),
                ChooseDirectAwaits.bodies(ClassifyMethods.classify(cn).values()));
    }

    @Test
    void anAwaitOfASameClassCallRightBeforeItIsDirect() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        Map<String, String> bodies =
                ChooseDirectAwaits.bodies(ClassifyMethods.classify(cn).values());
        MethodContext awaitsCoroutine = ClassifyMethods.classify(cn).values().stream()
                .filter(c -> c.bodyName().equals("coroutine$1"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(new DirectCallee(KINDS, "coroutine", false)),
                ChooseDirectAwaits.choose(
                        awaitsCoroutine, FindSuspensionPoints.find(awaitsCoroutine.method()), bodies));
    }

    @Test
    void anAwaitOfAnythingElseTakesTheGeneralPath() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        Map<String, String> bodies =
                ChooseDirectAwaits.bodies(ClassifyMethods.classify(cn).values());
        MethodContext instance = Fixtures.context(cn, "instance");
        assertEquals(
                Arrays.asList((DirectCallee) null),
                ChooseDirectAwaits.choose(instance, FindSuspensionPoints.find(instance.method()), bodies));
        MethodContext oldStyle = Fixtures.context(cn, "oldStyle");
        assertEquals(
                Arrays.asList((DirectCallee) null),
                ChooseDirectAwaits.choose(oldStyle, FindSuspensionPoints.find(oldStyle.method()), bodies),
                "Yield.from(awaitable) goes through the general path");
    }

    @Test
    void withoutDirectCalleesInTheClassNoAwaitIsDirect() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        MethodContext c = ClassifyMethods.classify(cn).values().stream()
                .filter(x -> x.bodyName().equals("coroutine$1"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Arrays.asList((DirectCallee) null),
                ChooseDirectAwaits.choose(c, FindSuspensionPoints.find(c.method()), Map.of()));
    }

    @Test
    void anAwaitThatDeclaresAnExceptionIsDirectToo() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        Map<String, String> bodies =
                ChooseDirectAwaits.bodies(ClassifyMethods.classify(cn).values());
        MethodContext declares = Fixtures.context(cn, "declares");
        assertEquals(
                List.of(new DirectCallee(KINDS, "coroutine", false)),
                ChooseDirectAwaits.choose(declares, FindSuspensionPoints.find(declares.method()), bodies));
    }
}
