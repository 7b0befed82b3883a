package dev.warren.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Linux capabilities a template may add or drop (capabilities(7), up to Linux 6.x), and the ones every space
 * loses unless its template adds them back. Names are accepted with or without {@code CAP_}, in any case, and kept
 * in the engines' form ({@code NET_ADMIN}).
 */
public final class Capabilities {
    /** Every capability Linux defines, plus {@code ALL}. */
    public static final Set<String> KNOWN = Set.of("ALL",
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
            "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
            "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
            "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
            "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
            "CHECKPOINT_RESTORE");

    /**
     * Dropped from every space unless its template adds them back with {@code cap_add}: NET_RAW (raw sockets: ARP
     * and other spoofing on the space's network, ping floods) and MKNOD (device nodes).
     */
    public static final List<String> DROPPED_BY_DEFAULT = List.of("NET_RAW", "MKNOD");

    private Capabilities() {}

    /** The engines' name of {@code name}; throws {@link SpecException} naming {@code key} for an unknown one. */
    public static String canonical(String name, String key) {
        String plain = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        if (plain.startsWith("CAP_")) {
            plain = plain.substring(4);
        }
        if (!KNOWN.contains(plain)) {
            throw new SpecException("The spec key '" + key + "' names '" + SpecValues.shorten(name)
                    + "', which is not a Linux capability. Known: " + String.join(", ", new TreeSet<>(KNOWN)) + ".");
        }
        return plain;
    }

    /**
     * What a space drops: the defaults and the template's {@code cap_drop}, less what its {@code cap_add} names
     * explicitly (adding a capability back is the way to keep it).
     */
    public static List<String> dropped(List<String> capAdd, List<String> capDrop) {
        List<String> dropped = new ArrayList<>();
        for (String capability : DROPPED_BY_DEFAULT) {
            if (!capAdd.contains(capability) && !capAdd.contains("ALL")) {
                dropped.add(capability);
            }
        }
        for (String capability : capDrop) {
            if (!dropped.contains(capability) && !capAdd.contains(capability)) {
                dropped.add(capability);
            }
        }
        return dropped;
    }
}
