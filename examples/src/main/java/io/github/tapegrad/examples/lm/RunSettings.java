package io.github.tapegrad.examples.lm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The time-machine options a resumed run may change: they steer how training goes on, not what model or data it
 * continues ({@link TrainingSetup} holds those). Recorded in every checkpoint's metadata so that the next
 * {@code --resume} can say what changed. --out is changeable too but not recorded: it is where the checkpoint is.
 *
 * <p>A value is null when read from a checkpoint written before it was recorded.
 *
 * @param epochs the --epochs the run was asked to reach (its checkpoint's 'epoch' says how far it got)
 */
record RunSettings(Integer epochs, Double lr, Double clip, Integer checkpointEvery, Integer threads) {

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Objects.toString(epochs));
        m.put("lr", Objects.toString(lr));
        m.put("clip", Objects.toString(clip));
        m.put("checkpoint_every", Objects.toString(checkpointEvery));
        m.put("threads", Objects.toString(threads));
        return m;
    }

    /**
     * The settings recorded in a checkpoint; {@code lr} comes from the optimizer's own state (which every
     * checkpoint has), the others from the metadata if present and well-formed.
     */
    static RunSettings fromMetadata(Map<String, String> m, double lr) {
        return new RunSettings(integer(m.get("epochs")), lr, real(m.get("clip")), integer(m.get("checkpoint_every")),
                integer(m.get("threads")));
    }

    /**
     * "--epochs 2 -> 4, --lr 1.0 -> 0.5" for every value that differs from {@code before}, or "" if none; a value an
     * older checkpoint lacks is listed as "(not recorded) -> v".
     */
    String changesSince(RunSettings before) {
        List<String> changes = new ArrayList<>();
        change(changes, "--epochs", before.epochs, epochs);
        change(changes, "--lr", before.lr, lr);
        change(changes, "--clip", before.clip, clip);
        change(changes, "--checkpoint-every", before.checkpointEvery, checkpointEvery);
        change(changes, "--threads", before.threads, threads);
        return String.join(", ", changes);
    }

    private static void change(List<String> changes, String option, Object before, Object now) {
        if (!Objects.equals(before, now)) {
            changes.add(option + " " + (before == null ? "(not recorded)" : before) + " -> " + now);
        }
    }

    private static Integer integer(String v) {
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double real(String v) {
        try {
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
