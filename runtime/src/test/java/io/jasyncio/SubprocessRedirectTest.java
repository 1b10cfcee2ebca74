package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.streams.Subprocess;
import io.jasyncio.streams.Subprocess.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream {@link Subprocess} with its streams redirected to files, as the protocol
 * {@link SubprocessOptions} allows. The CPython 3.11 program it mirrors:
 *
 * <pre>
 * with open(inp, "rb") as i, open(out, "wb") as o:
 *     p = await asyncio.create_subprocess_exec("sh", "-c", "cat; echo err >&2",
 *             stdin=i, stdout=o, stderr=asyncio.subprocess.STDOUT)
 *     await p.wait()            # 0; p.stdin, p.stdout, p.stderr are None
 * open(out).read()              # the input, then "err\n"
 * </pre>
 */
class SubprocessRedirectTest extends SocketLoopTest {
    private Path in;
    private Path out;

    @Override
    List<String> leftovers() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("jasyncio-subprocess-"))
                .toList();
    }

    @BeforeEach
    void files() throws IOException {
        long pid = ProcessHandle.current().pid();
        in = Path.of("target", "redirect-in-" + pid + ".txt");
        out = Path.of("target", "redirect-out-" + pid + ".txt");
        Files.writeString(in, "from a file\n");
        Files.deleteIfExists(out);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
    }

    @Test
    void streamsGoToAndComeFromFilesAndStderrMayFollowStdout() throws IOException {
        Options options = Options.DEFAULTS
                .withStdin(SubprocessOptions.Redirect.file(in))
                .withStdout(SubprocessOptions.Redirect.file(out))
                .withStderr(SubprocessOptions.Redirect.STDOUT);
        Subprocess p = run(Subprocess.createSubprocessExec(options, "sh", "-c", "cat; echo err >&2"));
        assertNull(p.stdin());
        assertNull(p.stdout());
        assertNull(p.stderr());
        assertEquals(0, run(p.waitFor()));
        assertEquals("from a file\nerr\n", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void appendingKeepsWhatTheFileHeldAndDevnullDiscards() throws IOException {
        Files.writeString(out, "before\n");
        Options options = Options.pipes()
                .withStdout(SubprocessOptions.Redirect.appendTo(out))
                .withStderr(SubprocessOptions.Redirect.DEVNULL);
        Subprocess p = run(Subprocess.createSubprocessExec(options, "sh", "-c", "echo after; echo lost >&2"));
        Subprocess.Communicated c = run(p.communicate(null));
        assertNull(c.stdout());
        assertNull(c.stderr());
        assertEquals("before\nafter\n", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void theEnumRedirectsStillWorkAndStdinCannotAppend() {
        assertEquals(
                Options.pipes(),
                Options.DEFAULTS
                        .withStdin(Subprocess.Redirect.PIPE)
                        .withStdout(Subprocess.Redirect.PIPE)
                        .withStderr(Subprocess.Redirect.PIPE));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Options.DEFAULTS.withStdin(SubprocessOptions.Redirect.appendTo(in)));
        assertEquals(
                "Subprocess.Options: stdin cannot be appendTo(" + in + "); use Redirect.file to read from a file",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULTS.withStdout(Subprocess.Redirect.STDOUT));
    }
}
