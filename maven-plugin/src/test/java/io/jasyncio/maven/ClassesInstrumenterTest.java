package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.AheadOfTime;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instrumenter rewrites a classes folder in place, once, and remembers what it did. */
class ClassesInstrumenterTest {
    @TempDir
    Path tmp;

    private Path classes() throws Exception {
        return Fixtures.classesFolder(tmp.resolve("classes"), Fixtures.PIPELINE, Fixtures.NESTED, Fixtures.PLAIN);
    }

    private Path state() {
        return tmp.resolve("target/jasyncio/instrument-classes.state");
    }

    private static long mtime(Path f) throws Exception {
        return Files.getLastModifiedTime(f).toMillis();
    }

    @Test
    void coroutineClassesAreRewrittenInPlaceAndOthersKeepTheirBytes() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.Result r = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(
                List.of(Fixtures.PIPELINE, Fixtures.NESTED).stream().sorted().toList(), r.rewritten());
        assertEquals(3, r.classes());
        assertEquals(0, r.upToDate());
        assertTrue(r.refusals().isEmpty());
        assertFalse(AheadOfTime.Session.mayNeedTransform(Files.readAllBytes(classes.resolve(Fixtures.PIPELINE))));
        assertFalse(AheadOfTime.Session.mayNeedTransform(Files.readAllBytes(classes.resolve(Fixtures.NESTED))));
        assertArrayEquals(Fixtures.compiled(Fixtures.PLAIN), Files.readAllBytes(classes.resolve(Fixtures.PLAIN)));
        try (var files = Files.list(classes.resolve(Fixtures.PACKAGE))) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void theBytesAreThoseOfTheInstrumentCommand() throws Exception {
        Path classes = classes();
        AheadOfTime.instrument(
                classes, tmp.resolve("command"), Fixtures.runtime().toString());
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        for (String c : List.of(Fixtures.PIPELINE, Fixtures.NESTED, Fixtures.PLAIN)) {
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("command").resolve(c)), Files.readAllBytes(classes.resolve(c)), c);
        }
    }

    @Test
    void aSecondRunReadsNothingAndWritesNothing() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        byte[] rewritten = Files.readAllBytes(classes.resolve(Fixtures.PIPELINE));
        long time = mtime(classes.resolve(Fixtures.PIPELINE));
        ClassesInstrumenter.Result again = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(3, again.upToDate());
        assertEquals(List.of(), again.rewritten());
        assertArrayEquals(rewritten, Files.readAllBytes(classes.resolve(Fixtures.PIPELINE)));
        assertEquals(time, mtime(classes.resolve(Fixtures.PIPELINE)));
    }

    @Test
    void aClassRecompiledSinceIsRewrittenAgainAndOnlyIt() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        byte[] first = Files.readAllBytes(classes.resolve(Fixtures.PIPELINE));
        Path pipeline = classes.resolve(Fixtures.PIPELINE);
        Files.write(pipeline, Fixtures.compiled(Fixtures.PIPELINE));
        // A recompiled file is newer than the record whatever the file system's time granularity.
        Files.setLastModifiedTime(pipeline, FileTime.fromMillis(mtime(pipeline) + 10_000));
        ClassesInstrumenter.Result again = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(List.of(Fixtures.PIPELINE), again.rewritten());
        assertEquals(2, again.upToDate());
        assertArrayEquals(first, Files.readAllBytes(pipeline));
    }

    @Test
    void aRewrittenClassIsRecognisedWithoutTheRecordAndLeftAlone() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        Files.delete(state());
        byte[] rewritten = Files.readAllBytes(classes.resolve(Fixtures.PIPELINE));
        long time = mtime(classes.resolve(Fixtures.PIPELINE));
        ClassesInstrumenter.Result again = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(0, again.upToDate());
        assertEquals(List.of(), again.rewritten());
        assertArrayEquals(rewritten, Files.readAllBytes(classes.resolve(Fixtures.PIPELINE)));
        assertEquals(time, mtime(classes.resolve(Fixtures.PIPELINE)));
    }

    @Test
    void aRefusedClassKeepsItsBytesAndIsTriedAgainNextTime() throws Exception {
        Path classes = Fixtures.classesFolder(classes(), Fixtures.REFUSED);
        ClassesInstrumenter.Result r = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(1, r.refusals().size());
        ClassesInstrumenter.Refused refused = r.refusals().get(0);
        assertEquals(Fixtures.REFUSED, refused.classFile());
        assertEquals("io.jasyncio.maven.fixtures.Refused", refused.refusal().className());
        assertEquals("holdsLock", refused.refusal().method());
        assertEquals(
                Fixtures.lineOf("io/jasyncio/maven/fixtures/Refused.java", "REFUSED-LINE"),
                refused.refusal().line());
        assertArrayEquals(Fixtures.compiled(Fixtures.REFUSED), Files.readAllBytes(classes.resolve(Fixtures.REFUSED)));
        assertEquals(2, r.rewritten().size(), "the other classes are rewritten all the same");

        ClassesInstrumenter.Result again = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(1, again.refusals().size());
        assertEquals(3, again.upToDate());
    }

    @Test
    void classesDeletedSinceLeaveTheRecord() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        Files.delete(classes.resolve(Fixtures.PLAIN));
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        String record = Files.readString(state());
        assertFalse(record.contains("Plain.class"), record);
        assertTrue(record.contains(Fixtures.PIPELINE), record);
    }

    @Test
    void moduleInfoIsNotRead() throws Exception {
        Path classes = classes();
        Files.write(classes.resolve("module-info.class"), new byte[] {1, 2, 3});
        ClassesInstrumenter.Result r = ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        assertEquals(3, r.classes());
        assertTrue(r.refusals().isEmpty());
    }

    @Test
    void recordPathsUseSlashesOnEverySystem() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        String record = Files.readString(state());
        assertTrue(record.contains(" io/jasyncio/maven/fixtures/Plain.class"), record);
        assertFalse(File.separatorChar != '/' && record.contains(File.separator), record);
    }

    @Test
    void rewrittenClassesRunWithoutTheAgent() throws Exception {
        Path classes = classes();
        ClassesInstrumenter.instrument(classes, Fixtures.classpath(), state());
        // Only the rewritten folder and the runtime: the test's own class path holds the originals.
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {
                    classes.toUri().toURL(), Fixtures.runtime().toUri().toURL()
                },
                ClassLoader.getPlatformClassLoader())) {
            Class<?> pipeline = loader.loadClass("io.jasyncio.maven.fixtures.Pipeline");
            Class<?> coroutine = loader.loadClass("io.jasyncio.Coroutine");
            java.lang.reflect.Method run =
                    loader.loadClass("io.jasyncio.Asyncio").getMethod("run", coroutine);
            assertEquals(
                    2 + 4 + 6,
                    run.invoke(null, pipeline.getMethod("doubled", int.class).invoke(null, 3)));
            assertEquals(
                    1,
                    run.invoke(null, pipeline.getMethod("merged", boolean.class).invoke(null, true)));
            assertEquals(3, run.invoke(null, pipeline.getMethod("grouped").invoke(null)));
        }
    }
}
