// Prints the logits a tapegrad time-machine checkpoint gives for a text: one forward pass over the whole text
// from a zero state (as TextGenerator's prefix warm-up), one line per step, each logit as its float32 bit
// pattern in hex so the caller reads back the exact values. Used by torch_check_checkpoint.py.
//
// Usage (a single-file source program; no build step, the jar supplies the classes):
//   java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar \
//       examples/scripts/TapegradLogits.java CHECKPOINT TEXT
// Exit 2 with one line on stderr if the checkpoint or the text is bad.

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.examples.data.Vocab;
import io.github.tapegrad.examples.lm.CharLanguageModel;
import io.github.tapegrad.examples.lm.TrainingSetup;
import io.github.tapegrad.nn.checkpoint.Checkpoint;

import java.nio.file.Path;
import java.util.Map;

public final class TapegradLogits {
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || args[1].isEmpty()) {
            System.err.println("usage: TapegradLogits CHECKPOINT TEXT (TEXT not empty)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String text = args[1];
        try {
            Map<String, String> metadata = Checkpoint.readMetadata(file);
            TrainingSetup setup = TrainingSetup.fromMetadata(metadata, file.toString());
            Vocab vocab = setup.vocab();
            int[] ids = vocab.encode(text);
            CharLanguageModel model = new CharLanguageModel(setup.model(), 0);
            Checkpoint.load(file, model, null);
            model.eval();
            float[] logits;
            try (Grad.Scope off = Grad.off()) {
                logits = model.forward(model.oneHot(ids, ids.length, 1), null).logits().toFloatArray();
            }
            int v = vocab.size();
            StringBuilder out = new StringBuilder();
            for (int t = 0; t < ids.length; t++) {
                for (int k = 0; k < v; k++) {
                    out.append(k > 0 ? " " : "").append(String.format("%08x", Float.floatToRawIntBits(logits[t * v + k])));
                }
                out.append('\n');
            }
            System.out.print(out);
        } catch (Exception e) {
            System.err.println("TapegradLogits " + file + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
