import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

/**
 * Rewrites, in place, the classes of the given jars whose class-file version is older than Java 6 (major 50) as
 * Java 8 class files (major 52) with stack map frames computed by the JDK's class-file API; nothing else in them
 * changes. Used by scripts/space-cli.sh on the copy of the jars in the CLI bundle: the JVM's AOT cache leaves such old
 * classes out ("Old class has been linked"), so picocli (built for Java 5) would be loaded and verified with the slow
 * old verifier at every start (ADR 0008). Signed jars and jars without old classes are left alone.
 *
 * <p>Usage: {@code java scripts/lib/UpgradeOldClasses.java JAR...}; prints one line per rewritten jar.
 */
public final class UpgradeOldClasses {
    private static final int OLDEST_KEPT = 50;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] jars) throws IOException {
        for (String jar : jars) {
            upgrade(Path.of(jar));
        }
    }

    private static void upgrade(Path jar) throws IOException {
        if (!hasOldClasses(jar)) {
            return;
        }
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
                JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                OutputStream file = Files.newOutputStream(upgraded);
                JarOutputStream out = in.getManifest() == null ? new JarOutputStream(file)
                        : new JarOutputStream(file, in.getManifest())) {
            // Stack maps need the common super class of two types: the jar's own classes, then the JDK's.
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (isClass(entry)) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_KEPT) {
                        bytes = classFile.transformClass(model, upgrade());
                        count++;
                    }
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (RuntimeException | IOException error) {
            Files.deleteIfExists(upgraded);
            throw new IOException("Cannot upgrade the old classes of " + jar + ": " + error.getMessage(), error);
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("upgraded " + count + " classes of " + jar.getFileName() + " to class-file version "
                + TARGET);
    }

    /** Every method body is rebuilt (so its stack map frames are generated) and the version set to {@link #TARGET}. */
    private static ClassTransform upgrade() {
        return ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen((builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(TARGET, 0);
            } else {
                builder.with(element);
            }
        });
    }

    private static boolean hasOldClasses(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            boolean old = false;
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                String name = entry.getName().toUpperCase(java.util.Locale.ROOT);
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA")
                        || name.endsWith(".DSA") || name.endsWith(".EC"))) {
                    return false; // signed: rewriting would break the signature
                }
                if (!old && isClass(entry) && majorVersion(in) < OLDEST_KEPT) {
                    old = true;
                }
            }
            return old;
        }
    }

    private static boolean isClass(JarEntry entry) {
        return entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }

    /** The major version from a class file's header (magic, minor, major). */
    private static int majorVersion(InputStream in) throws IOException {
        byte[] header = in.readNBytes(8);
        return header.length < 8 ? Integer.MAX_VALUE : ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }
}
