package io.jasyncio.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the {@code @Async} methods of {@code target/classes} in place, as the agent would at
 * load time, byte for byte; bound to {@code process-classes}, so that the jar, the tests,
 * {@code exec:java} (after {@code mvn process-classes}) and {@code java -jar} run without
 * {@code -javaagent}. Classes unchanged since the last build are not read again; a class
 * rewritten already is recognised and left alone. A coroutine the transformer refuses fails the
 * build with its source file, line, class, method and the reason.
 */
@Mojo(
        name = "instrument",
        defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class InstrumentMojo extends AbstractInstrumentMojo {
    /** The classes folder to rewrite. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    File classesDirectory;

    /** Creates the goal; Maven calls this. */
    public InstrumentMojo() {}

    @Override
    File classesDirectory() {
        return classesDirectory;
    }

    @Override
    List<String> classpathElements() throws DependencyResolutionRequiredException {
        return project.getCompileClasspathElements();
    }

    @Override
    List<String> sourceRoots() {
        return project.getCompileSourceRoots();
    }

    @Override
    String stateName() {
        return "instrument-classes.state";
    }
}
