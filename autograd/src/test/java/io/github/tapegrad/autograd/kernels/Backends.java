package io.github.tapegrad.autograd.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel families tests should exercise on this JVM: plain Java always, and when the module is present the Vector
 * API kernels with each register tile (whichever this machine would pick, both are run: each is correct anywhere).
 */
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
      for (GemmTile tile : GemmTile.values()) {
        all.add(new VectorApiBackend(tile));
      }
    }
    return all;
  }
}
