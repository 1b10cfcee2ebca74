package io.jasyncio.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The extension uses only the runtime's public API, so that it works wherever the runtime does
 * (on the module path too, where {@code io.jasyncio.internal} is not exported) and any other test
 * framework can do what it does. Every class it refers to appears as text in its class files'
 * constant pools, so a byte search over them finds any reference to the runtime's machinery.
 */
class PublicApiOnlyTest {
    private static final List<String> NOT_PUBLIC_API = List.of("io/jasyncio/internal", "io/jasyncio/abi/");

    @Test
    void theExtensionsClassesReferToThePublicApiOnly() throws IOException {
        List<Path> classes;
        try (Stream<Path> s = Files.walk(Path.of("target", "classes"))) {
            classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(classes.size() > 5, "read " + classes.size() + " classes");
        List<String> offenders = new ArrayList<>();
        for (Path c : classes) {
            String text = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            for (String p : NOT_PUBLIC_API) {
                if (text.contains(p)) {
                    offenders.add(c.getFileName() + " refers to " + p);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
