package io.jasyncio.abi;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames of a coroutine whose class is hidden ({@code Lookup.defineHiddenClass}, as frameworks
 * and scripting engines define classes; the agent never sees those, so they were rewritten ahead
 * of time). The frame class, which the body names, is defined by name in the host's loader as
 * usual, but its {@code invoke} calls the body of the class of that name, which is not the hidden
 * host, and the same bytes may be defined hidden many times in one loader. So each hidden host
 * gets its own hidden subclass of the frame class, whose {@code invoke} calls that host's body
 * through a method handle held as the subclass's class data: a constant the JIT inlines.
 *
 * <p>The subclass is a few bytes of class file, written here because the runtime has no
 * bytecode library (and the JDK offers none before Java 24):
 *
 * <pre>{@code
 * final class Host$m$Frame$Hidden extends Host$m$Frame {
 *     Host$m$Frame$Hidden(<the frame's constructor parameters>) { super(...); }
 *     protected Object invoke(Object v, Throwable e) {
 *         return ((MethodHandle) MethodHandles.classData(...)).invokeExact((Frame) this, v, e);
 *     }
 * }
 * }</pre>
 */
final class HiddenHostFrames {
    private static final MethodType BODY_TYPE =
            MethodType.methodType(Object.class, Frame.class, Object.class, Throwable.class);

    private HiddenHostFrames() {}

    /**
     * The constructor of the frames of one coroutine of a hidden host.
     *
     * @param host the hidden host's lookup, with full privilege
     * @param frameClass the frame class, defined by name in the host's loader
     * @param bodyName the name of the coroutine's body in the host
     * @param constructor the frame constructor's type
     * @return a handle that creates frames whose {@code invoke} calls this host's body
     * @throws ReflectiveOperationException if the body or the constructor is missing
     */
    static MethodHandle constructor(
            MethodHandles.Lookup host, Class<?> frameClass, String bodyName, MethodType constructor)
            throws ReflectiveOperationException {
        MethodHandle body = host.findStatic(host.lookupClass(), bodyName, BODY_TYPE);
        String superName = frameClass.getName().replace('.', '/');
        byte[] bytes = subclass(superName + "$Hidden", superName, constructor);
        MethodHandles.Lookup sub = host.defineHiddenClassWithClassData(bytes, body, true);
        return sub.findConstructor(sub.lookupClass(), constructor);
    }

    /** The class file of the subclass; see the class comment. */
    static byte[] subclass(String name, String superName, MethodType constructor) {
        ConstantPool cp = new ConstantPool();
        int thisClass = cp.classRef(name);
        int superClass = cp.classRef(superName);
        String ctorDesc = constructor.toMethodDescriptorString();
        int superInit = cp.methodRef(superClass, "<init>", ctorDesc);
        int classData = cp.methodHandle(
                6, // REF_invokeStatic
                cp.methodRef(
                        cp.classRef("java/lang/invoke/MethodHandles"),
                        "classData",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;"));
        int body = cp.dynamic(0, cp.nameAndType("_", "Ljava/lang/invoke/MethodHandle;"));
        int invokeExact = cp.methodRef(
                cp.classRef("java/lang/invoke/MethodHandle"), "invokeExact", BODY_TYPE.toMethodDescriptorString());
        int init = cp.utf8("<init>");
        int initDesc = cp.utf8(ctorDesc);
        int invoke = cp.utf8("invoke");
        int invokeDesc = cp.utf8("(Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;");
        int codeName = cp.utf8("Code");
        int bootstrapMethods = cp.utf8("BootstrapMethods");

        ByteArrayOutputStream ctorCode = new ByteArrayOutputStream();
        ctorCode.write(0x2a); // aload_0
        int slot = 1;
        for (Class<?> p : constructor.parameterArray()) {
            ctorCode.write(loadOpcode(p));
            ctorCode.write(slot);
            slot += p == long.class || p == double.class ? 2 : 1;
        }
        ctorCode.write(0xb7); // invokespecial
        ctorCode.write(superInit >> 8);
        ctorCode.write(superInit);
        ctorCode.write(0xb1); // return

        byte[] invokeCode = {
            0x13,
            (byte) (body >> 8),
            (byte) body, // ldc_w the body's handle
            0x2a,
            0x2b,
            0x2c, // aload_0, aload_1, aload_2
            (byte) 0xb6,
            (byte) (invokeExact >> 8),
            (byte) invokeExact, // invokevirtual invokeExact
            (byte) 0xb0 // areturn
        };

        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(61); // Java 17: the oldest with hidden classes and class data
            cp.write(out);
            out.writeShort(0x0010 | 0x0020 | 0x1000); // final, super, synthetic
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(2); // methods
            method(out, 0, init, initDesc, codeName, slot + 1, slot, ctorCode.toByteArray());
            method(out, 0x0004, invoke, invokeDesc, codeName, 4, 3, invokeCode);
            out.writeShort(1); // attributes: BootstrapMethods
            out.writeShort(bootstrapMethods);
            out.writeInt(6);
            out.writeShort(1);
            out.writeShort(classData);
            out.writeShort(0);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void method(
            DataOutputStream out,
            int access,
            int name,
            int desc,
            int codeName,
            int maxStack,
            int maxLocals,
            byte[] code)
            throws IOException {
        out.writeShort(access);
        out.writeShort(name);
        out.writeShort(desc);
        out.writeShort(1);
        out.writeShort(codeName);
        out.writeInt(12 + code.length);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0); // exception table
        out.writeShort(0); // attributes
    }

    private static int loadOpcode(Class<?> p) {
        if (p == long.class) {
            return 0x16;
        } else if (p == float.class) {
            return 0x17;
        } else if (p == double.class) {
            return 0x18;
        } else if (p.isPrimitive()) {
            return 0x15;
        }
        return 0x19;
    }

    /** A class file's constant pool, each entry made once. */
    private static final class ConstantPool {
        private final List<byte[]> entries = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        private int add(String key, byte[] entry) {
            return index.computeIfAbsent(key, k -> {
                entries.add(entry);
                return entries.size();
            });
        }

        int utf8(String s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                DataOutputStream d = new DataOutputStream(b);
                d.writeByte(1);
                d.writeUTF(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return add("U" + s, b.toByteArray());
        }

        int classRef(String internalName) {
            return add("C" + internalName, tagged(7, utf8(internalName)));
        }

        int nameAndType(String name, String desc) {
            return add("N" + name + " " + desc, tagged(12, utf8(name), utf8(desc)));
        }

        int methodRef(int owner, String name, String desc) {
            return add("M" + owner + " " + name + desc, tagged(10, owner, nameAndType(name, desc)));
        }

        int methodHandle(int kind, int reference) {
            return add(
                    "H" + kind + " " + reference,
                    new byte[] {15, (byte) kind, (byte) (reference >> 8), (byte) reference});
        }

        int dynamic(int bootstrap, int nameAndType) {
            return add("D" + bootstrap + " " + nameAndType, tagged(17, bootstrap, nameAndType));
        }

        private static byte[] tagged(int tag, int... shorts) {
            byte[] b = new byte[1 + 2 * shorts.length];
            b[0] = (byte) tag;
            for (int i = 0; i < shorts.length; i++) {
                b[1 + 2 * i] = (byte) (shorts[i] >> 8);
                b[2 + 2 * i] = (byte) shorts[i];
            }
            return b;
        }

        void write(DataOutputStream out) throws IOException {
            out.writeShort(entries.size() + 1);
            for (byte[] e : entries) {
                out.write(e);
            }
        }
    }
}
