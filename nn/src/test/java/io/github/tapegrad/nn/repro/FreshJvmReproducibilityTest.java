package io.github.tapegrad.nn.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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

  /**
   * The Vector API kernels give the same bits whatever the vector width and register tile: on x86 a JVM limited to
   * AVX2 ({@code -XX:UseAVX=2}: 256-bit vectors, the 6×2 tile) and one forced to the other tile agree with this one
   * (on an AVX-512 machine this JVM runs 512-bit vectors and the 4×4 tile). Every GEMM element is the same chain of
   * fused multiply-adds over the same k blocks, and the activations are lanewise.
   */
  @Test
  void vectorWidthAndTileDoNotChangeTheBits() throws Exception {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "needs jdk.incubator.vector");
    Assumptions.assumeFalse("java".equalsIgnoreCase(System.getProperty("tapegrad.kernels")), "plain-Java kernels");
    String here = SeededTrainingRun.fingerprint();
    List<String> options = new ArrayList<>(List.of("-Dtapegrad.gemm.tile=narrow", "-Dtapegrad.gemm.tile=wide"));
    if (System.getProperty("os.arch").matches("amd64|x86_64")) {
      options.add("-XX:UseAVX=2");
    }
    for (String option : options) {
      List<String> lines = runFreshJvm(option);
      assertEquals(2, lines.size(), "expected two fingerprints, got " + lines);
      assertEquals(here, lines.get(0), "fresh JVM with " + option + " vs this JVM");
    }
  }

  private static List<String> runFreshJvm(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
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
