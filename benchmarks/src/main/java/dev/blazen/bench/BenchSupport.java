package dev.blazen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What every benchmark main shares: the environment block of the JSON, writing it, medians and percentiles. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** The JVM, GC, cores, CPU and load average: what a reader needs to judge whether a run was quiet. */
    static Map<String, Object> environment(String camelVersion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("jvmVendor", System.getProperty("java.vm.vendor"));
        env.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .toList());
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("cpu", cpuModel());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("loadAverageAtStart", loadAverage());
        env.put("camel", camelVersion);
        return env;
    }

    /** What each side-by-side benchmark does: set up, measure, tear down. */
    interface Benchmark {
        void start() throws Exception;

        void run() throws Exception;

        void stop();
    }

    /**
     * Parses the options (a usage error exits with code 2, as run.sh documents), then starts, runs and always stops the
     * benchmark.
     */
    static <S> void launch(String[] args, Function<String[], S> parse, Function<S, Benchmark> create) throws Exception {
        S settings;
        try {
            settings = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Benchmark benchmark = create.apply(settings);
        try {
            benchmark.start();
            benchmark.run();
        } finally {
            benchmark.stop();
        }
    }

    /** Measures one round of one variant; {@code index} counts every round, warm-up ones first, from 0. */
    interface RoundRunner<R> {
        R run(String variant, int index) throws Exception;
    }

    /** Prints one finished round; {@code number} counts from 1 within the warm-up or the measured rounds. */
    interface RoundPrinter<R> {
        void print(boolean warmUp, int number, String variant, R round);
    }

    /**
     * Runs the warm-up and then the measured rounds, every variant once per round, rotating which variant goes first
     * so none always runs on a warmer or colder machine; returns the measured rounds by variant.
     */
    static <R> Map<String, List<R>> interleave(List<String> order, int warmupRounds, int rounds, RoundRunner<R> runner,
            RoundPrinter<R> printer) throws Exception {
        Map<String, List<R>> measured = new LinkedHashMap<>();
        order.forEach(v -> measured.put(v, new ArrayList<>()));
        for (int r = 0; r < warmupRounds + rounds; r++) {
            boolean warmUp = r < warmupRounds;
            List<String> rotated = new ArrayList<>(order);
            Collections.rotate(rotated, -r);
            for (String variant : rotated) {
                R round = runner.run(variant, r);
                if (!warmUp) {
                    measured.get(variant).add(round);
                }
                printer.print(warmUp, warmUp ? r + 1 : r - warmupRounds + 1, variant, round);
            }
        }
        return measured;
    }

    static double loadAverage() {
        return round3(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return "unknown";
    }

    /** Writes the JSON next to its final name first, so a reader never sees half a file. */
    static void write(Path out, Map<String, Object> json) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + out);
    }

    static double median(Collection<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile ({@code p} in 0..100): a value that was really measured, never an interpolation. */
    static double percentile(Collection<Double> values, double p) {
        List<Double> sorted = sorted(values);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static List<Double> sorted(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
