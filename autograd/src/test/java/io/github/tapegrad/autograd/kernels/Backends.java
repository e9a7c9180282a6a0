package io.github.tapegrad.autograd.kernels;

import java.util.ArrayList;
import java.util.List;

/** The kernel families tests should exercise on this JVM: plain Java always, the raw Vector API one when present. */
final class Backends {

  private Backends() {
  }

  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  static List<GemmBackend> available() {
    List<GemmBackend> all = new ArrayList<>();
    all.add(BlockedJavaBackend.INSTANCE);
    if (vectorModulePresent()) {
      GemmBackend vector = MatMul.vectorBackendOrNull();
      if (vector != null) {
        all.add(vector);
      }
    }
    return all;
  }
}
