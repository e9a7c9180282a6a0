package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The up-front size check on the character model's footprint, with the heap given explicitly. */
class SizeCheckTest {
    private static final long GIB = 1L << 30;

    /** nn's LSTM cell as read from it, with 28 H per step and sequence (the figure these tests' sums were made with). */
    private static final CellProfile LSTM = CellChoice.of("lstm").profile().withKeptPerStep(28);

    /** A d2l LSTM language model: knobs --hidden, --layers, --batch-size, --num-steps with d2l's defaults. */
    private static SizeCheck lstm(long hidden, long layers, long batch, long steps) {
        return new SizeCheck(List.of(Knob.option("--hidden", hidden, 256), Knob.option("--layers", layers, 1),
                Knob.option("--batch-size", batch, 32), Knob.option("--num-steps", steps, 35)),
                v -> new RecurrentFootprint("rnn", "linear", LSTM, 28, v[0], v[1], 28, 4).training(v[2], v[3], 0));
    }

    private static String refusal(SizeCheck check, long heap) {
        return assertThrows(UserInputException.class, () -> check.check(heap)).getMessage();
    }

    @Test
    void d2lDefaultsFitASmallHeap() {
        assertDoesNotThrow(() -> lstm(256, 1, 32, 35).check(64L << 20));
    }

    @Test
    void aTensorBeyondTwoToThe31ElementsNamesTheOptionAndTheTensor() {
        String message = refusal(lstm(30000, 1, 32, 35), Long.MAX_VALUE);
        assertEquals("--hidden 30000: rnn.weight_hh_l0 would be [120000, 30000] = 3,600,000,000 elements, more than "
                + "the 2,147,483,647 (2^31-1) a tensor can hold; lower --hidden", message);
    }

    @Test
    void productsOfHugeValuesDoNotOverflow() {
        // 4·H alone overflows an int here; the check computes in doubles and still blames --hidden
        String message = refusal(lstm(Integer.MAX_VALUE, 1, 32, 35), Long.MAX_VALUE);
        assertTrue(message.startsWith("--hidden 2147483647: rnn.weight_ih_l0 would be [8589934588, 28]"), message);
    }

    @Test
    void theStackedGateGradientsOfAllStepsAreATensorToo() {
        // weights, input and hidden states fit, but T·B rows of 4H do not: 6,000,000 × 1024 elements
        String message = refusal(lstm(256, 1, 2000, 3000), Long.MAX_VALUE);
        assertEquals("--num-steps 3000: the gate gradients of all steps would be [6000000, 1024] = 6,144,000,000 "
                + "elements, more than the 2,147,483,647 (2^31-1) a tensor can hold; lower --num-steps", message);
    }

    @Test
    void tooMuchMemoryNamesTheSharesAndTheHeap() {
        String message = refusal(lstm(20000, 1, 32, 35), 6 * GIB);
        // weights 4·20000·(28 + 20000 + 2) + 28·20000 + 28 floats; T·B·(28·20000 + 28 + 2·28) floats per step
        assertTrue(message.startsWith("--hidden 20000: the run needs about 14.3 GiB (weights 6.0 GiB, gradients "
                + "6.0 GiB, activations and temporaries of a step 2.3 GiB)"), message);
        assertTrue(message.endsWith("but the JVM's heap is at most 6.0 GiB; lower --hidden or raise -Xmx"), message);
    }

    @Test
    void theOptionBlamedIsTheOneWhoseDefaultHelpsMost() {
        // many layers of a moderate size: back to one layer saves more than back to H = 256
        assertTrue(refusal(lstm(2048, 512, 32, 35), 6 * GIB).startsWith("--layers 512: "));
        // long sequences of big batches: the activations dominate, and T is further above its default than B
        assertTrue(refusal(lstm(256, 1, 512, 3500), 6 * GIB).startsWith("--num-steps 3500: "));
        // the same run fits a heap large enough for it: the check compares with the heap it is given
        assertDoesNotThrow(() -> lstm(2048, 512, 32, 35).check(4096 * GIB));
    }

    @Test
    void withEveryOptionAtItsDefaultOnlyTheHeapCanGive() {
        String message = refusal(lstm(256, 1, 32, 35), 1 << 20);
        assertTrue(message.startsWith("--hidden 256, --layers 1, --batch-size 32, --num-steps 35: the run needs "),
                message);
        assertTrue(message.endsWith("but the JVM's heap is at most 1.0 MiB; raise -Xmx"), message);
    }

    @Test
    void aKnobTheUserCannotSetIsNeverToldToBeLowered() {
        SizeCheck fromCheckpoint = new SizeCheck(List.of(new Knob("--checkpoint c.safetensors: hidden", 30000, 30000,
                false)), v -> new RecurrentFootprint("rnn", "linear", LSTM, 28, v[0], 1, 28, 4).inference(10));
        String message = refusal(fromCheckpoint, Long.MAX_VALUE);
        assertTrue(message.startsWith("--checkpoint c.safetensors: hidden 30000: rnn.weight_hh_l0 would be"), message);
        assertTrue(!message.contains("lower"), message);
    }

    @Test
    void bytesReadLikeXmx() {
        assertEquals("512 bytes", Bytes.human(512));
        assertEquals("6.0 GiB", Bytes.human(6 * GIB));
        assertEquals("256.0 MiB", Bytes.human(256L << 20));
        assertEquals("1.5 KiB", Bytes.human(1536));
    }
}
