package io.github.tapegrad.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script against the packaged jar (an integration test: it runs after {@code package}): it enables the
 * Vector API kernels without the user typing the flag, a missing jar is one line and exit 2, and TAPEGRAD_CLASSPATH
 * puts a user's cells where --cell finds them.
 */
class LauncherIT {

    private static final Path SCRIPT = Path.of("bin", "tapegrad");

    @Test
    void runsTheJarWithTheVectorApiKernels() throws Exception {
        Result r = run(null, null, "--version");
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("kernels: vector-api "), r.out);
    }

    @Test
    void aMissingJarIsOneLineAndExitTwo() throws Exception {
        Result r = run(Path.of("target", "no-such.jar").toAbsolutePath().toString(), null, "--version");
        assertEquals(2, r.status, r.out + r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("no-such.jar not found; build it first with: mvn -B -q package -DskipTests"), r.err);
    }

    /** A user's cell class outside the jar (the test classes), named with --cell. */
    @Test
    void aUsersCellOnTapegradClasspathRuns(@TempDir Path dir) throws Exception {
        Result r = run(null, Path.of("target", "test-classes").toAbsolutePath().toString(), "square", "--cell",
                "io.github.tapegrad.examples.cells.LeakyCell", "--epochs", "2", "--hidden", "3", "--out",
                dir.toString());
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("final loss (MSE)"), r.out);
        Result without = run(null, null, "square", "--cell", "io.github.tapegrad.examples.cells.LeakyCell", "--out",
                dir.toString());
        assertEquals(2, without.status, without.out + without.err);
        assertTrue(without.err.contains("cell class io.github.tapegrad.examples.cells.LeakyCell is not on the "
                + "classpath"), without.err);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String jar, String classpath, String... args) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "run from the examples module: " + SCRIPT.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("JAVA_OPTS");
        if (jar != null) {
            pb.environment().put("TAPEGRAD_JAR", jar);
        } else {
            pb.environment().remove("TAPEGRAD_JAR");
        }
        if (classpath != null) {
            pb.environment().put("TAPEGRAD_CLASSPATH", classpath);
        } else {
            pb.environment().remove("TAPEGRAD_CLASSPATH");
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
