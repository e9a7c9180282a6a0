package io.github.tapegrad.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every figure names its CPU: the model and, on x86, whether it has AVX-512. */
class MachineTest {

    @TempDir
    Path dir;

    @Test
    void modelAndAvx512FromCpuinfo() throws IOException {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse avx2 fma\n\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse avx2 fma\n");
        String x86 = System.getProperty("os.arch").matches("amd64|x86_64") ? ", no avx512f" : "";
        assertEquals("AMD EPYC 7B13" + x86, Machine.cpuModel(f));
        Files.writeString(f, "model name\t: AMD EPYC\nflags\t\t: avx2 avx512f avx512bw\n");
        assertTrue(Machine.cpuModel(f).startsWith("AMD EPYC"), Machine.cpuModel(f));
        assertEquals(!x86.isEmpty(), Machine.cpuModel(f).endsWith(", avx512f"), Machine.cpuModel(f));
    }

    @Test
    void unknownWhenTheFileIsMissing() {
        assertEquals("unknown", Machine.cpuModel(dir.resolve("absent")));
    }

    @Test
    void describeAndJsonNameTheCpu() {
        Machine m = new Machine("AMD EPYC, avx512f", 2, "amd64", "17", "VM", "vector-api 512-bit 4x4, 2 threads");
        assertTrue(m.describe().startsWith("CPU AMD EPYC, avx512f, 2 processors"), m.describe());
        assertTrue(m.jsonMembers().startsWith("\"cpu\":\"AMD EPYC, avx512f\""), m.jsonMembers());
    }
}
