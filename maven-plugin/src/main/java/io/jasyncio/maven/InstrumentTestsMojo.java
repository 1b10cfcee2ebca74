package io.jasyncio.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the {@code @Async} methods of {@code target/test-classes} in place, bound to
 * {@code process-test-classes}, so that surefire and failsafe run coroutine tests without
 * {@code -javaagent}. The main classes and the test class path answer the transformer's
 * class-hierarchy questions. Otherwise as {@code jasyncio:instrument}.
 */
@Mojo(
        name = "instrument-tests",
        defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class InstrumentTestsMojo extends AbstractInstrumentMojo {
    /** The test classes folder to rewrite. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    File testClassesDirectory;

    /** Creates the goal; Maven calls this. */
    public InstrumentTestsMojo() {}

    @Override
    File classesDirectory() {
        return testClassesDirectory;
    }

    @Override
    List<String> classpathElements() throws DependencyResolutionRequiredException {
        return project.getTestClasspathElements();
    }

    @Override
    List<String> sourceRoots() {
        return project.getTestCompileSourceRoots();
    }

    @Override
    String stateName() {
        return "instrument-test-classes.state";
    }
}
