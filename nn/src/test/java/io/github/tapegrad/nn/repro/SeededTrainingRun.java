package io.github.tapegrad.nn.repro;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.optim.GradClip;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A seeded float32 training run (LSTM + Linear head, cross-entropy, clipping, SGD), fingerprinted by the exact bits
 * of every loss and every final parameter. Run as a main it prints the fingerprint of a run made first thing in a
 * fresh JVM, then of one made after many unrelated products have driven the kernels through the JIT.
 */
public final class SeededTrainingRun {

  private SeededTrainingRun() {
  }

  public static void main(String[] args) {
    System.out.println(fingerprint());
    churn();
    System.out.println(fingerprint());
  }

  /** Loss bits of each step, then a CRC32C of every parameter's bits, in name order. */
  static String fingerprint() {
    SplittableRandom rng = new SplittableRandom(42);
    int vocab = 28;
    int hidden = 48;
    int batch = 8;
    int steps = 6;
    LSTM lstm = new LSTM(vocab, hidden, DType.FLOAT32, rng);
    Linear head = new Linear(hidden, vocab, true, DType.FLOAT32, rng);
    List<Tensor> params = new ArrayList<>(lstm.parameters());
    params.addAll(head.parameters());
    SGD sgd = new SGD(Optimizer.named(params), 1.0);
    StringBuilder out = new StringBuilder();
    for (int step = 0; step < 3; step++) {
      Tensor x = Tensor.randn(rng, DType.FLOAT32, steps, batch, vocab);
      int[] targets = new int[steps * batch];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = rng.nextInt(vocab);
      }
      sgd.zeroGrad();
      Tensor outputs = lstm.forward(x).outputs().reshape(-1, hidden);
      Tensor loss = Loss.crossEntropy(head.forward(outputs), Indices.of(targets, targets.length));
      loss.backward();
      GradClip.clipGradNorm(params, 1.0);
      sgd.step();
      out.append(Integer.toHexString(Float.floatToRawIntBits((float) loss.item()))).append(' ');
    }
    CRC32C crc = new CRC32C();
    for (Tensor p : params) {
      for (float v : p.toFloatArray()) {
        int bits = Float.floatToRawIntBits(v);
        crc.update(bits);
        crc.update(bits >>> 8);
        crc.update(bits >>> 16);
        crc.update(bits >>> 24);
      }
    }
    return out.append(Long.toHexString(crc.getValue())).toString();
  }

  /** Enough products of assorted shapes that C2 has compiled the kernels before the second run. */
  static void churn() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      Tensor a = Tensor.randn(rng, DType.FLOAT32, 16 + i % 17, 96);
      Tensor b = Tensor.randn(rng, DType.FLOAT32, 96, 64 + i % 29);
      a.matmul(b).tanh().sigmoid().sum().item();
    }
  }
}
