package io.github.tapegrad.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher script against the packaged jar (an integration test: it runs after {@code package}): it enables the
 * Vector API kernels without the user typing the flag, and a missing jar is one line and exit 2.
 */
class LauncherIT {

    private static final Path SCRIPT = Path.of("bin", "tapegrad");

    @Test
    void runsTheJarWithTheVectorApiKernels() throws Exception {
        Result r = run(null);
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("kernels: vector-api "), r.out);
    }

    @Test
    void aMissingJarIsOneLineAndExitTwo() throws Exception {
        Result r = run(Path.of("target", "no-such.jar").toAbsolutePath().toString());
        assertEquals(2, r.status, r.out + r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("no-such.jar not found; build it first with: mvn -B -q package -DskipTests"), r.err);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String jar) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "run from the examples module: " + SCRIPT.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--version");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("JAVA_OPTS");
        if (jar != null) {
            pb.environment().put("TAPEGRAD_JAR", jar);
        } else {
            pb.environment().remove("TAPEGRAD_JAR");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish");
        }
        return new Result(p.exitValue(), out, err);
    }
}
