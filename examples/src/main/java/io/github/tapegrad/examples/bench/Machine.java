package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.Backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a figure was measured: the CPU, processors, architecture, JVM and the GEMM kernels in use. */
public record Machine(String cpu, int processors, String arch, String javaVersion, String vm, String backend) {

    public static Machine current() {
        return new Machine(cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Backend.describe());
    }

    /**
     * The CPU's model name and whether it has AVX-512 (the kernels' register tile and the JIT's vector width follow
     * it), from a Linux /proc/cpuinfo: e.g. "AMD EPYC, avx512f". "unknown" where the file is absent or unreadable.
     */
    public static String cpuModel(Path cpuinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return "unknown";
        }
        String model = "unknown";
        boolean avx512 = false;
        boolean sawFlags = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (model.equals("unknown") && (key.equals("model name") || key.equals("Model"))) {
                model = value;
            } else if (!sawFlags && (key.equals("flags") || key.equals("Features"))) {
                sawFlags = true;
                avx512 = (" " + value + " ").contains(" avx512f ");
            }
        }
        return sawFlags && System.getProperty("os.arch", "").matches("amd64|x86_64")
                ? model + (avx512 ? ", avx512f" : ", no avx512f") : model;
    }

    String describe() {
        return "CPU " + cpu + ", " + processors + " processors, " + arch + ", Java " + javaVersion + " (" + vm
                + "); kernels: " + backend;
    }

    /** The fields as JSON members (no braces), for embedding in a result line. */
    String jsonMembers() {
        return Json.member("cpu", cpu) + "," + Json.member("processors", processors) + ","
                + Json.member("os_arch", arch) + "," + Json.member("java_version", javaVersion) + ","
                + Json.member("backend", backend);
    }
}
