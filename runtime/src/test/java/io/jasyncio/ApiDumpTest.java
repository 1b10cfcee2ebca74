package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of the exported packages, dumped to {@code runtime/api/runtime.api} and checked
 * in, as kotlinx's API dump does: any change to a public or protected signature fails this test
 * until the dump is regenerated on purpose with {@code -Djasyncio.api.update=true}, so that API
 * changes are seen in review.
 */
class ApiDumpTest {
    private static final Path DUMP = Path.of("api", "runtime.api");
    private static final List<String> EXPORTED = List.of("io/jasyncio", "io/jasyncio/abi", "io/jasyncio/streams");

    @Test
    void thePublicApiMatchesTheCheckedInDump() throws Exception {
        String actual = dump();
        if (Boolean.getBoolean("jasyncio.api.update")) {
            Files.writeString(DUMP, actual);
        }
        assertEquals(
                Files.readString(DUMP),
                actual,
                "the public API changed; if on purpose, rerun with -Djasyncio.api.update=true and commit api/runtime.api");
    }

    private static String dump() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target", "classes");
        List<String> lines = new ArrayList<>();
        for (String pkg : EXPORTED) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classes.resolve(pkg))) {
                files = s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
            }
            for (Path f : files) {
                String name =
                        pkg.replace('/', '.') + "." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, ApiDumpTest.class.getClassLoader());
                if (!visible(c.getModifiers()) || c.isSynthetic() || isHiddenNested(c)) {
                    continue;
                }
                lines.add(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE) + " " + kind(c) + " "
                        + c.getTypeName() + supertypes(c));
                List<String> members = new ArrayList<>();
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (visible(k.getModifiers())) {
                        members.add("  " + Modifier.toString(k.getModifiers()) + " <init>"
                                + params(k.getGenericParameterTypes()));
                    }
                }
                for (Method m : c.getDeclaredMethods()) {
                    if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                        members.add("  " + Modifier.toString(m.getModifiers() & Modifier.methodModifiers()) + " "
                                + m.getGenericReturnType().getTypeName() + " " + m.getName()
                                + params(m.getGenericParameterTypes()));
                    }
                }
                for (Field fd : c.getDeclaredFields()) {
                    if (visible(fd.getModifiers()) && !fd.isSynthetic()) {
                        members.add("  " + Modifier.toString(fd.getModifiers()) + " "
                                + fd.getGenericType().getTypeName() + " " + fd.getName());
                    }
                }
                members.sort(null);
                lines.addAll(members);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static boolean isHiddenNested(Class<?> c) {
        for (Class<?> o = c.getEnclosingClass(); o != null; o = o.getEnclosingClass()) {
            if (!Modifier.isPublic(o.getModifiers())) {
                return true;
            }
        }
        return c.isAnonymousClass() || c.isLocalClass();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String kind(Class<?> c) {
        return c.isAnnotation()
                ? "@interface"
                : c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
    }

    private static String supertypes(Class<?> c) {
        StringBuilder sb = new StringBuilder();
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0 && !c.isAnnotation()) {
            sb.append(" implements ")
                    .append(Stream.of(c.getGenericInterfaces())
                            .map(t -> t.getTypeName())
                            .collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    private static String params(java.lang.reflect.Type[] types) {
        return Stream.of(types).map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ", "(", ")"));
    }
}
