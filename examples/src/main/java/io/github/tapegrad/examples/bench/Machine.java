package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.Backend;

/** Where a figure was measured: processors, architecture, JVM and the GEMM kernels in use. */
record Machine(int processors, String arch, String javaVersion, String vm, String backend) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Backend.describe());
    }

    String describe() {
        return processors + " processors, " + arch + ", Java " + javaVersion + " (" + vm + "); kernels: " + backend;
    }

    /** The fields as JSON members (no braces), for embedding in a result line. */
    String jsonMembers() {
        return Json.member("processors", processors) + "," + Json.member("os_arch", arch) + ","
                + Json.member("java_version", javaVersion) + "," + Json.member("backend", backend);
    }
}
