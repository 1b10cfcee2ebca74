package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Package rules checked on compiled classes: the packages under a root form layers, and a class
 * may refer only to classes of its own package or of a lower layer. Packages of one layer may
 * not refer to each other. A short allow-list names the class-to-class edges kept on purpose.
 *
 * <p>Nested classes count as their top-level class, for the allow-list and in messages.
 */
final class PackageLayers {
    private final String root;
    private final Map<String, Integer> layerOf = new HashMap<>();
    private final Set<String> allowed;
    private final List<List<String>> layers;

    /**
     * The rules.
     *
     * @param root the package whose sub-packages are checked (others, such as the JDK's, are
     *     ignored)
     * @param layers the packages of each layer, the lowest first
     * @param allowed edges kept on purpose, as {@code "pkg.From -> pkg.To"} of top-level classes
     */
    PackageLayers(String root, List<List<String>> layers, Set<String> allowed) {
        this.root = root;
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            for (String p : layers.get(i)) {
                if (layerOf.put(p, i) != null) {
                    throw new IllegalArgumentException("package in two layers: " + p);
                }
            }
        }
        this.allowed = Set.copyOf(allowed);
    }

    /** The packages of each layer, the lowest first, as given. */
    List<List<String>> layers() {
        return layers;
    }

    /** The edges kept on purpose, as given. */
    Set<String> allowed() {
        return allowed;
    }

    /** What a check found: the broken rules, and the allow-list entries that were used. */
    record Result(List<String> violations, Set<String> allowancesUsed) {}

    /**
     * Checks every reference of every class.
     *
     * @param references binary class names and the binary names each refers to
     * @return the violations, one line each, sorted, and the allow-list entries that matched
     */
    Result check(Map<String, Set<String>> references) {
        Set<String> violations = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(references).entrySet()) {
            String from = topLevel(e.getKey());
            String fromPackage = packageOf(from);
            if (!inRoot(fromPackage)) {
                continue;
            }
            Integer fromLayer = layerOf.get(fromPackage);
            if (fromLayer == null) {
                violations.add(from + ": package " + fromPackage + " is in no layer");
                continue;
            }
            for (String ref : e.getValue()) {
                String to = topLevel(ref);
                String toPackage = packageOf(to);
                if (!inRoot(toPackage) || toPackage.equals(fromPackage)) {
                    continue;
                }
                Integer toLayer = layerOf.get(toPackage);
                if (toLayer != null && toLayer < fromLayer) {
                    continue;
                }
                String edge = from + " -> " + to;
                if (allowed.contains(edge)) {
                    used.add(edge);
                } else if (toLayer == null) {
                    violations.add(edge + ": package " + toPackage + " is in no layer");
                } else {
                    violations.add(edge + ": " + fromPackage
                            + (toLayer.equals(fromLayer) ? " may not use its peer " : " may not use the layer above, ")
                            + toPackage);
                }
            }
        }
        return new Result(new ArrayList<>(violations), used);
    }

    private boolean inRoot(String pkg) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    static String topLevel(String binaryName) {
        int dollar = binaryName.indexOf('$', binaryName.lastIndexOf('.') + 1);
        return dollar < 0 ? binaryName : binaryName.substring(0, dollar);
    }

    static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    /**
     * Reads the references of every class file under the given folders (module descriptors
     * left out: a module's {@code requires} and {@code exports} are not uses of a class).
     *
     * @param folders class-output folders, such as {@code target/classes}
     * @return binary class name to the names it refers to
     */
    static Map<String, Set<String>> readClasses(Path... folders) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(folder)) {
                files = s.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path f : files) {
                try {
                    ClassReferences.Parsed c = ClassReferences.read(Files.readAllBytes(f));
                    out.computeIfAbsent(c.name(), k -> new LinkedHashSet<>()).addAll(c.references());
                } catch (IOException e) {
                    throw new UncheckedIOException(f.toString(), e);
                }
            }
        }
        return out;
    }
}
