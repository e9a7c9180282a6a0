package io.github.tapegrad.nn.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same seed + same thread count + same JVM flags → the same bits, in every process, from the first step. Fresh JVMs
 * run {@link SeededTrainingRun} (a run first thing after start-up, then one after the kernels are JIT-compiled);
 * every fingerprint must equal every other and the one this JVM computes, whatever ran here before. A kernel chosen
 * or swapped by timing (as an earlier build's warm-up did) makes the first run of a fresh JVM differ.
 */
class FreshJvmReproducibilityTest {

  @Test
  void seededTrainingGivesTheSameBitsInFreshJvmsBeforeAndAfterWarmUp() throws Exception {
    String here = SeededTrainingRun.fingerprint();
    for (int process = 0; process < 2; process++) {
      List<String> lines = runFreshJvm();
      assertEquals(2, lines.size(), "expected two fingerprints, got " + lines);
      assertEquals(here, lines.get(0), "fresh JVM " + process + ", first run after start-up, vs this JVM");
      assertEquals(here, lines.get(1), "fresh JVM " + process + ", run after warm-up, vs this JVM");
    }
  }

  private static List<String> runFreshJvm() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add("--add-modules");
      command.add("jdk.incubator.vector");
    }
    String kernels = System.getProperty("tapegrad.kernels");
    if (kernels != null) {
      command.add("-Dtapegrad.kernels=" + kernels);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SeededTrainingRun.class.getName());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("fresh JVM did not finish in 2 minutes");
    }
    assertEquals(0, p.exitValue(), "fresh JVM exit status; output: " + out);
    return out.lines().toList();
  }
}
