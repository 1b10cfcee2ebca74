package io.jasyncio.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the two goals share: rewrite one classes folder in place, report what was done, and fail
 * the build with a compiler-style line per refused coroutine.
 */
abstract class AbstractInstrumentMojo extends AbstractMojo {
    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Skips the goal. */
    @Parameter(property = "jasyncio.skip", defaultValue = "false")
    boolean skip;

    /** The folder to rewrite in place. */
    abstract File classesDirectory();

    /** The class path the folder's classes were compiled against. */
    abstract List<String> classpathElements() throws DependencyResolutionRequiredException;

    /** The source folders the classes were compiled from, for the diagnostics. */
    abstract List<String> sourceRoots();

    /** The name of the record of handled class files, under {@code target/jasyncio/}. */
    abstract String stateName();

    /**
     * Rewrites the classes folder.
     *
     * @throws MojoFailureException if a coroutine cannot be rewritten; each is logged as
     *     {@code /abs/path/C.java:[line,1] p.C.method: reason} first
     * @throws MojoExecutionException if the folder cannot be read or written, or the class path
     *     is not resolved
     */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jasyncio: skipped");
            return;
        }
        Path classes = classesDirectory().toPath();
        if (!Files.isDirectory(classes)) {
            getLog().info("jasyncio: no classes to rewrite in " + classes);
            return;
        }
        ClassesInstrumenter.Result result;
        try {
            result = ClassesInstrumenter.instrument(
                    classes, paths(classpathElements()), stateFile(project, stateName()));
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("jasyncio: the class path is not resolved", e);
        } catch (IOException e) {
            throw new MojoExecutionException("jasyncio: cannot rewrite " + classes + ": " + e.getMessage(), e);
        }
        report(result, classes);
    }

    /** Logs what was done, then fails the build if anything was refused. */
    final void report(ClassesInstrumenter.Result result, Path classes) throws MojoFailureException {
        for (String c : result.rewritten()) {
            getLog().debug("jasyncio: rewrote " + c);
        }
        getLog().info(String.format(
                "jasyncio: rewrote %d of %d classes in %s (%d up to date)",
                result.rewritten().size(), result.classes(), classes, result.upToDate()));
        if (result.refusals().isEmpty()) {
            return;
        }
        List<Path> roots = paths(sourceRoots());
        StringBuilder failure = new StringBuilder("jasyncio cannot rewrite ")
                .append(result.refusals().size())
                .append(result.refusals().size() == 1 ? " coroutine:" : " coroutines:");
        for (ClassesInstrumenter.Refused r : result.refusals()) {
            String line = Diagnostics.format(r.refusal(), roots);
            getLog().error(line);
            failure.append(System.lineSeparator()).append(line);
        }
        throw new MojoFailureException(failure.toString());
    }

    static Path stateFile(MavenProject project, String name) {
        return Path.of(project.getBuild().getDirectory(), "jasyncio", name);
    }

    private static List<Path> paths(List<String> elements) {
        List<Path> paths = new ArrayList<>();
        for (String e : elements) {
            paths.add(Path.of(e));
        }
        return paths;
    }
}
