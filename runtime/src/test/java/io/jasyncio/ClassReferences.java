package io.jasyncio;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool as {@code jdeps} reads them.
 *
 * <p>Every symbolic reference of a class file goes through its constant pool: the classes it
 * instantiates, casts to, calls and extends are {@code CONSTANT_Class} entries, and every type in
 * a field or method descriptor, a generic signature, a local variable's type or an annotation is
 * spelled {@code Lpkg/Name;} in a {@code CONSTANT_Utf8} entry. So reading those two kinds of
 * entry finds them all, with no class-file library (the runtime keeps zero dependencies, and
 * this is forty lines).
 */
final class ClassReferences {
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w$]+(?:/[\\w$]+)+);");

    private ClassReferences() {}

    /**
     * Reads one class file.
     *
     * @param classFile the bytes of a {@code .class} file
     * @return its own binary name (dotted) and the binary names of every class it refers to,
     *     itself excluded, sorted
     * @throws IOException if the bytes are not a class file
     */
    static Parsed read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8
                case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
                case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
                case 15 -> in.skipBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt(); // 4-byte constants and pairs
                case 5, 6 -> { // Long, Double: two slots
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        String self = utf8[classNameIndex[in.readUnsignedShort()]];
        Set<String> refs = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                String name = utf8[classNameIndex[i]];
                // An array class is named by its descriptor: [Lpkg/Name; or [I.
                if (name.startsWith("[")) {
                    addDescriptorTypes(name, refs);
                } else {
                    refs.add(name);
                }
            } else if (utf8[i] != null) {
                addDescriptorTypes(utf8[i], refs);
            }
        }
        refs.remove(self);
        Set<String> dotted = new TreeSet<>();
        for (String r : refs) {
            dotted.add(r.replace('/', '.'));
        }
        return new Parsed(self.replace('/', '.'), dotted);
    }

    private static void addDescriptorTypes(String text, Set<String> refs) {
        Matcher m = DESCRIPTOR_TYPE.matcher(text);
        while (m.find()) {
            refs.add(m.group(1));
        }
    }

    /** A class file's own name and the names it refers to. */
    record Parsed(String name, Set<String> references) {}
}
