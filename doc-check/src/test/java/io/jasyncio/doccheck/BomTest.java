package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * bom/pom.xml has no parent (see its opening comment), so nothing but this test keeps it in step
 * with the build: it must list every published jar, at the build's version, and publish it with
 * the same plugins.
 */
class BomTest {
    private final Path root = DocumentationCompilesTest.repositoryRoot();

    @Test
    void theBomManagesEveryPublishedJarOfTheBuild() throws Exception {
        Set<String> published = new TreeSet<>();
        for (String module : modules(read(root.resolve("pom.xml")))) {
            Element pom = read(root.resolve(module).resolve("pom.xml"));
            boolean jar = child(pom, "packaging")
                    .map(Element::getTextContent)
                    .orElse("jar")
                    .equals("jar");
            // The release profile passes maven.deploy.skip on to the Central publisher as skipPublishing.
            boolean skipped = property(pom, "maven.deploy.skip").equals("true");
            if (jar && !skipped) {
                published.add(text(pom, "artifactId"));
            }
        }
        assertTrue(published.contains("jasyncio-runtime"), () -> "published: " + published);

        Set<String> managed = new TreeSet<>();
        Element bom = read(root.resolve("bom/pom.xml"));
        Element management = child(bom, "dependencyManagement").orElseThrow();
        for (Element dependency : children(child(management, "dependencies").orElseThrow(), "dependency")) {
            assertEquals("io.jasyncio", text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"));
            managed.add(text(dependency, "artifactId"));
        }

        assertEquals(published, managed, "the jars the build publishes, and the ones bom/pom.xml manages");
    }

    @Test
    void theBomHasTheBuildsVersionAndPublishesWithTheSamePlugins() throws Exception {
        Element parent = read(root.resolve("pom.xml"));
        Element bom = read(root.resolve("bom/pom.xml"));

        assertFalse(child(bom, "parent").isPresent(), "the BOM must not inherit the parent's dependencyManagement");
        assertEquals(text(parent, "groupId"), text(bom, "groupId"));
        assertEquals(text(parent, "version"), text(bom, "version"));
        for (String p : List.of(
                "project.build.outputTimestamp",
                "install.plugin.version",
                "deploy.plugin.version",
                "gpg.plugin.version",
                "central.publishing.plugin.version",
                "spotless.plugin.version")) {
            assertEquals(property(parent, p), property(bom, p), p);
        }
        for (String element : List.of("url", "licenses", "developers", "scm", "issueManagement")) {
            assertEquals(
                    child(parent, element).orElseThrow().getTextContent().strip(),
                    child(bom, element).orElseThrow().getTextContent().strip(),
                    element);
        }
    }

    /** The modules of the default build and of every profile. */
    private static List<String> modules(Element pom) {
        List<String> modules = new ArrayList<>();
        NodeList all = pom.getElementsByTagName("module");
        for (int i = 0; i < all.getLength(); i++) {
            modules.add(all.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static Element read(Path pom) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return d.getDocumentElement();
    }

    private static String property(Element pom, String name) {
        return child(pom, "properties")
                .flatMap(p -> child(p, name))
                .map(e -> e.getTextContent().strip())
                .orElse("");
    }

    private static String text(Element e, String name) {
        return child(e, name)
                .orElseThrow(() -> new AssertionError("no <" + name + ">"))
                .getTextContent()
                .strip();
    }

    private static java.util.Optional<Element> child(Element e, String name) {
        List<Element> found = children(e, name);
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    private static List<Element> children(Element e, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                found.add(c);
            }
        }
        return found;
    }
}
