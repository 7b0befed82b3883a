package dev.warren.core.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes, CPU counts and whole numbers as templates and the server's settings write them, with range and overflow
 * checks: a value is taken exactly or refused with a sentence, never wrapped or rounded to something else.
 */
public final class SpecValues {
    /** The largest memory size accepted anywhere (1 PiB): beyond any machine, far below overflow. */
    public static final long MAX_BYTES = 1L << 50;
    /** The smallest memory limit a container starts with. */
    public static final long MIN_MEMORY = 6L << 20;
    /** CPU limits are between 0.01 and 1024 CPUs. */
    public static final long MIN_NANO_CPUS = 10_000_000L;
    public static final long MAX_NANO_CPUS = 1024L * 1_000_000_000L;
    private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*([bkmgtp]?)(?:i?b)?$", Pattern.CASE_INSENSITIVE);

    private SpecValues() {}

    /**
     * A size such as {@code 512m}, {@code 2g}, {@code 2GiB} or {@code 1048576} (bytes), in bytes. Units are binary
     * (k = 1024). Throws {@link SpecException} naming {@code key} when it is malformed, or larger than 1 PiB.
     */
    public static long bytes(String text, String key) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new SpecException("The " + key + " must be a size such as 512m or 2g, not '" + shorten(text) + "'.");
        }
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLong) {
            throw tooLarge(key);
        }
        if (amount > (MAX_BYTES >> shift)) {
            throw tooLarge(key);
        }
        return amount << shift;
    }

    /** A CPU count such as {@code 0.5} or {@code 2} in billionths of a CPU, between 0.01 and 1024. */
    public static long nanoCpus(double cpus, String key) {
        if (!Double.isFinite(cpus) || cpus < 0.01 || cpus > 1024) {
            throw new SpecException("The " + key + " must be a number of CPUs between 0.01 and 1024, such as 0.5 or"
                    + " 2.");
        }
        return BigDecimal.valueOf(cpus).movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** A CPU count written as text (a setting). */
    public static long nanoCpus(String text, String key) {
        try {
            return nanoCpus(Double.parseDouble(text.strip()), key);
        } catch (NumberFormatException | NullPointerException malformed) {
            throw new SpecException("The " + key + " must be a number of CPUs such as 0.5 or 2, not '"
                    + shorten(text) + "'.");
        }
    }

    /** "2 GiB", "64 MiB", "1536 KiB" or "100 bytes": exact, for sentences. */
    public static String describeBytes(long bytes) {
        String[] units = {"PiB", "TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 50 - 10 * i;
            if (bytes >= (1L << shift) && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + " " + units[i];
            }
        }
        return bytes + " bytes";
    }

    /** "0.5", "2": CPUs without trailing zeros. */
    public static String describeCpus(long nanoCpus) {
        return BigDecimal.valueOf(nanoCpus).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    private static SpecException tooLarge(String key) {
        return new SpecException("The " + key + " is too large: the most is 1p (1 PiB).");
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String plain = text.replaceAll("\\p{Cntrl}", "?");
        return plain.length() > 40 ? plain.substring(0, 40) + "…" : plain;
    }
}
