package io.github.tapegrad.examples.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, which holds no Spark (provided scope): {@code study --spark} says in one line to run it through
 * spark-submit, and the local runner runs without Spark's classes.
 */
class StudyJarIT {
    private static final Path JAR = Path.of("target", "tapegrad-examples.jar");

    @Test
    void theJarHoldsNoSpark() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/apache/spark/")
                    || e.getName().startsWith("scala/")), "Spark or Scala classes in " + JAR);
        }
    }

    @Test
    void sparkWithoutSparkIsOneLineNamingSparkSubmit(@TempDir Path dir) throws Exception {
        Result r = run("study", "--cells", "gru", "--tasks", "sine", "--trials", "1", "--seeds", "1", "--epochs", "1",
                "--db", dir.resolve("s.db").toString(), "--spark");
        assertEquals(2, r.status, r.out + r.err);
        assertEquals(1, r.err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).count(), r.err);
        assertTrue(r.err.contains("study: --spark: Apache Spark is not on the classpath; run through spark-submit "
                + "--class io.github.tapegrad.examples.Main tapegrad-examples.jar study --spark"), r.err);
    }

    @Test
    void theLocalRunnerRunsWithoutSpark(@TempDir Path dir) throws Exception {
        Result r = run("study", "--cells", "gru", "--tasks", "sine", "--trials", "1", "--seeds", "1", "--epochs", "1",
                "--space", "hidden=choice:3", "--db", dir.resolve("l.db").toString());
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("study study: 1 complete, 0 failed, 0 pending"), r.out);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run from the examples module after package: " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not finish");
        }
        return new Result(p.exitValue(), out, err);
    }
}
