package io.github.tapegrad.peers;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=N -cp ... io.github.tapegrad.peers.PeerBench
 * --config A|B --impl fused|cell [--threads N] [--warmup N] [--measure N] [--seed N] [--profile FILE]}: times the
 * J bench step on PyTorch through DJL and prints one JSON line per run with the fields of {@code J bench --json}
 * that apply. Steps as J bench: two checked steps (their loss and gradient norm are printed as check_*), then the
 * config's warm-up steps, then its measured steps, each timed alone with System.nanoTime; tokens/s = B·T / median.
 */
public final class PeerBench {
    private PeerBench() {
    }

    public static void main(String[] args) throws IOException {
        PeerConfig config = PeerConfig.A;
        String impl = "fused";
        Integer warmup = null;
        Integer measure = null;
        long seed = 42;
        String profile = null;
        for (int a = 0; a < args.length; a++) {
            String opt = args[a];
            if (a + 1 >= args.length) {
                usage(opt + ": needs a value");
            }
            String val = args[++a];
            switch (opt) {
                case "--config" -> config = PeerConfig.parse(val);
                case "--impl" -> impl = val;
                case "--warmup" -> warmup = Integer.valueOf(val);
                case "--measure" -> measure = Integer.valueOf(val);
                case "--seed" -> seed = Long.parseLong(val);
                case "--profile" -> profile = val;
                default -> usage("unknown option " + opt);
            }
        }
        if (!impl.equals("fused") && !impl.equals("cell")) {
            usage("--impl " + impl + ": must be fused or cell");
        }
        int warmupSteps = warmup == null ? config.warmup : warmup;
        int measureSteps = measure == null ? config.measure : measure;
        if (warmupSteps < 0 || measureSteps < 1) {
            usage("--warmup must be >= 0 and --measure >= 1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        try (DjlWorkload w = new DjlWorkload(config, impl.equals("fused"), new PeerData(seed))) {
            double[] first = new double[2];
            double[] second = new double[2];
            w.step(first);
            w.step(second);
            if (profile != null) {
                // one extra, untimed step under libtorch's profiler: its trace names the kernels each op ran
                JniUtils.startProfile(false, true, false);
                w.step(null);
                JniUtils.stopProfile(profile);
            }
            for (int s = 0; s < warmupSteps; s++) {
                w.step(null);
            }
            long[] nanos = new long[measureSteps];
            for (int s = 0; s < measureSteps; s++) {
                long start = System.nanoTime();
                w.step(null);
                nanos[s] = System.nanoTime() - start;
            }
            System.out.println(json(w.name(), config, warmupSteps, nanos, first, second, engine));
        }
    }

    private static String json(String name, PeerConfig c, int warmup, long[] nanos, double[] first, double[] second,
                               Engine engine) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
        double seconds = median / 1e3;
        List<String> m = new ArrayList<>();
        m.add(member("impl", name));
        m.add(member("config", c.name()));
        m.add(member("dtype", "float32"));
        m.add(member("batch", c.batch));
        m.add(member("steps", c.steps));
        m.add(member("input", c.input));
        m.add(member("hidden", c.hidden));
        m.add(member("vocab", c.vocab));
        m.add(member("threads", JniUtils.getNumThreads()));
        m.add(member("interop_threads", JniUtils.getNumInteropThreads()));
        m.add(member("warmup", warmup));
        m.add(member("measure", n));
        m.add(member("tokens_per_s", c.tokens() / seconds));
        m.add(member("ms_median", median));
        m.add(member("ms_min", sorted[0] / 1e6));
        m.add(member("ms_max", sorted[n - 1] / 1e6));
        m.add(member("gflop_per_step", c.flopsPerStep() / 1e9));
        m.add(member("flop_formula", c.flopFormula()));
        m.add(member("gflop_per_s", c.flopsPerStep() / seconds / 1e9));
        m.add(member("check_loss", first[0]));
        m.add(member("check_grad_norm", first[1]));
        m.add(member("check_loss_step2", second[0]));
        m.add(member("engine", "PyTorch " + engine.getVersion() + " via DJL " + Engine.getDjlVersion()));
        m.add(member("processors", Runtime.getRuntime().availableProcessors()));
        m.add(member("os_arch", System.getProperty("os.arch")));
        m.add(member("java_version", System.getProperty("java.version")));
        m.add(member("cpu", cpuModel()));
        return "{" + String.join(",", m) + "}";
    }

    /** The model name line of /proc/cpuinfo, or null. */
    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String member(String key, String value) {
        return quote(key) + ":" + (value == null ? "null" : quote(value));
    }

    private static String member(String key, double value) {
        if (!Double.isFinite(value)) {
            return quote(key) + ":null";
        }
        String s = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
        return quote(key) + ":" + s;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    private static void usage(String problem) {
        System.err.println("PeerBench: " + problem);
        System.err.println("usage: PeerBench --config A|B --impl fused|cell [--warmup N] [--measure N] [--seed N]"
                + " [--profile TRACE.json]  (threads: -Dai.djl.pytorch.num_threads=N and OMP_NUM_THREADS=N)");
        System.exit(2);
    }
}
