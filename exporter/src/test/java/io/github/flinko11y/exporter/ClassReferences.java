package io.github.flinko11y.exporter;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool: class entries (supertypes,
 * instantiations, casts, owners of called methods and fields) and the object types in descriptors
 * and signatures. Internal names, e.g. {@code java/lang/String}.
 */
final class ClassReferences {

    private static final Pattern OBJECT_TYPE = Pattern.compile("L([^;<>\\[]+)[;<]");

    private ClassReferences() {}

    static Set<String> of(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classEntries = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8
                        utf8[i] = in.readUTF();
                        break;
                    case 7: // Class
                        classEntries.add(in.readUnsignedShort());
                        break;
                    case 8: // String
                    case 16: // MethodType
                    case 19: // Module
                    case 20: // Package
                        in.skipBytes(2);
                        break;
                    case 15: // MethodHandle
                        in.skipBytes(3);
                        break;
                    case 3: // Integer
                    case 4: // Float
                    case 9: // Fieldref
                    case 10: // Methodref
                    case 11: // InterfaceMethodref
                    case 12: // NameAndType
                    case 17: // Dynamic
                    case 18: // InvokeDynamic
                        in.skipBytes(4);
                        break;
                    case 5: // Long
                    case 6: // Double
                        in.skipBytes(8);
                        i++; // takes two entries
                        break;
                    default:
                        throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            Set<String> refs = new HashSet<>();
            for (int index : classEntries) {
                String name = utf8[index];
                int dims = 0;
                while (dims < name.length() && name.charAt(dims) == '[') {
                    dims++;
                }
                if (dims == 0) {
                    refs.add(name);
                } else if (name.charAt(dims) == 'L') {
                    refs.add(name.substring(dims + 1, name.length() - 1));
                }
            }
            for (String text : utf8) {
                if (text != null) {
                    Matcher m = OBJECT_TYPE.matcher(text);
                    while (m.find()) {
                        refs.add(m.group(1));
                    }
                }
            }
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
