package dev.blazen.camel.inference;

import dev.blazen.llm.error.ValidationError;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The component's {@code poolBudgets} option and the byte sizes it and {@code memoryEstimate} are written in. */
public final class PoolBudgets {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    private PoolBudgets() {
    }

    /**
     * {@code cpu=4GiB,cuda:0=16GiB} as bytes per pool; empty or null gives {@code cpu} half of the machine's memory.
     */
    public static Map<String, Long> parse(String text) {
        Map<String, Long> budgets = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            budgets.put("cpu", defaultCpuBudget());
            return budgets;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ValidationError("poolBudgets", "expected pool=size pairs such as cpu=4GiB,cuda:0=16GiB, got '"
                        + pair.trim() + "'");
            }
            String pool = pair.substring(0, eq).trim();
            if (budgets.put(pool, bytes("poolBudgets." + pool, pair.substring(eq + 1))) != null) {
                throw new ValidationError("poolBudgets", "pool " + pool + " is listed twice");
            }
        }
        return budgets;
    }

    /** A size in bytes, or with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024). */
    public static long bytes(String field, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ValidationError(field, "not a size: '" + text.trim() + "' (write bytes, or 300MB, 2GiB, ...)");
        }
        double unit = switch (m.group(2)) {
            case "", "b" -> 1;
            case "kb", "k" -> 1e3;
            case "mb", "m" -> 1e6;
            case "gb", "g" -> 1e9;
            case "tb", "t" -> 1e12;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new ValidationError(field, "unknown size unit '" + m.group(2) + "' in '" + text.trim()
                    + "'; units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB");
        };
        return Math.round(Double.parseDouble(m.group(1)) * unit);
    }

    private static long defaultCpuBudget() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 2;
        }
        return Runtime.getRuntime().maxMemory();
    }
}
