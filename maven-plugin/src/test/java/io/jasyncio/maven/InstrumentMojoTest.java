package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.AheadOfTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals gather Maven's folders, report what was done, and fail the build on a refusal. */
class InstrumentMojoTest {
    @TempDir
    Path tmp;

    /** Keeps what the goal logs at info and error level. */
    static final class RecordingLog extends SystemStreamLog {
        final List<String> info = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            info.add(content.toString());
        }

        @Override
        public void error(CharSequence content) {
            errors.add(content.toString());
        }

        @Override
        public void debug(CharSequence content) {
            // Which files were rewritten: the tests read the result instead.
        }
    }

    private MavenProject project(Path classes, Path testClasses) {
        MavenProject project = new MavenProject();
        project.getBuild().setDirectory(tmp.resolve("target").toString());
        project.getBuild().setOutputDirectory(classes.toString());
        project.getBuild().setTestOutputDirectory(testClasses.toString());
        project.addCompileSourceRoot(tmp.resolve("src/main/java").toString());
        project.addTestCompileSourceRoot(
                Path.of("src/test/java").toAbsolutePath().toString());
        return project;
    }

    private static InstrumentMojo mainGoal(MavenProject project, RecordingLog log) {
        InstrumentMojo mojo = new InstrumentMojo();
        mojo.project = project;
        mojo.classesDirectory = new java.io.File(project.getBuild().getOutputDirectory());
        mojo.setLog(log);
        return mojo;
    }

    private static InstrumentTestsMojo testGoal(MavenProject project, RecordingLog log) {
        InstrumentTestsMojo mojo = new InstrumentTestsMojo();
        mojo.project = project;
        mojo.testClassesDirectory = new java.io.File(project.getBuild().getTestOutputDirectory());
        mojo.setLog(log);
        return mojo;
    }

    @Test
    void instrumentRewritesTheClassesFolderAndSaysHowMuch() throws Exception {
        Path classes = Fixtures.classesFolder(tmp.resolve("classes"), Fixtures.PIPELINE, Fixtures.PLAIN);
        RecordingLog log = new RecordingLog();
        mainGoal(project(classes, tmp.resolve("test-classes")), log).execute();
        assertEquals(List.of("jasyncio: rewrote 1 of 2 classes in " + classes + " (0 up to date)"), log.info);
        assertFalse(AheadOfTime.Session.mayNeedTransform(Files.readAllBytes(classes.resolve(Fixtures.PIPELINE))));
        assertTrue(Files.isRegularFile(tmp.resolve("target/jasyncio/instrument-classes.state")));

        RecordingLog again = new RecordingLog();
        mainGoal(project(classes, tmp.resolve("test-classes")), again).execute();
        assertEquals(List.of("jasyncio: rewrote 0 of 2 classes in " + classes + " (2 up to date)"), again.info);
    }

    @Test
    void aRefusalFailsTheBuildWithACompilerStyleLinePerCoroutine() throws Exception {
        Path testClasses = Fixtures.classesFolder(tmp.resolve("test-classes"), Fixtures.REFUSED, Fixtures.PLAIN);
        RecordingLog log = new RecordingLog();
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> testGoal(project(tmp.resolve("classes"), testClasses), log)
                        .execute());
        int line = Fixtures.lineOf("io/jasyncio/maven/fixtures/Refused.java", "REFUSED-LINE");
        String expected =
                Path.of("src/test/java/io/jasyncio/maven/fixtures/Refused.java").toAbsolutePath() + ":[" + line
                        + ",1] io.jasyncio.maven.fixtures.Refused.holdsLock: await() inside a synchronized block";
        assertEquals(1, log.errors.size(), log.errors.toString());
        assertTrue(log.errors.get(0).startsWith(expected), log.errors.get(0));
        assertTrue(
                e.getMessage().startsWith("jasyncio cannot rewrite 1 coroutine:" + System.lineSeparator() + expected),
                e.getMessage());
        assertArrayEquals(
                Fixtures.compiled(Fixtures.REFUSED), Files.readAllBytes(testClasses.resolve(Fixtures.REFUSED)));
    }

    @Test
    void theTwoGoalsKeepSeparateRecords() throws Exception {
        Path classes = Fixtures.classesFolder(tmp.resolve("classes"), Fixtures.PIPELINE);
        Path testClasses = Fixtures.classesFolder(tmp.resolve("test-classes"), Fixtures.NESTED);
        MavenProject project = project(classes, testClasses);
        mainGoal(project, new RecordingLog()).execute();
        testGoal(project, new RecordingLog()).execute();
        assertTrue(Files.readString(tmp.resolve("target/jasyncio/instrument-classes.state"))
                .contains(Fixtures.PIPELINE));
        assertTrue(Files.readString(tmp.resolve("target/jasyncio/instrument-test-classes.state"))
                .contains(Fixtures.NESTED));
    }

    @Test
    void skipLeavesTheClassesAlone() throws Exception {
        Path classes = Fixtures.classesFolder(tmp.resolve("classes"), Fixtures.PIPELINE);
        RecordingLog log = new RecordingLog();
        InstrumentMojo mojo = mainGoal(project(classes, tmp.resolve("test-classes")), log);
        mojo.skip = true;
        mojo.execute();
        assertEquals(List.of("jasyncio: skipped"), log.info);
        assertArrayEquals(Fixtures.compiled(Fixtures.PIPELINE), Files.readAllBytes(classes.resolve(Fixtures.PIPELINE)));
    }

    @Test
    void aMissingClassesFolderIsNothingToDo() throws Exception {
        RecordingLog log = new RecordingLog();
        testGoal(project(tmp.resolve("classes"), tmp.resolve("none")), log).execute();
        assertEquals(List.of("jasyncio: no classes to rewrite in " + tmp.resolve("none")), log.info);
    }
}
