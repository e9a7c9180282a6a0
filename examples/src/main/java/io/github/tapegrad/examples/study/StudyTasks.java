package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.lm.TimeMachineTask;
import io.github.tapegrad.examples.regression.SineTask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The tasks a study can name. */
public final class StudyTasks {
    private static final Map<String, Supplier<StudyTask>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("sine", SineTask::new);
        TASKS.put("time-machine", TimeMachineTask::new);
        TASKS.put("adding", SequenceStudyTask::adding);
        TASKS.put("copy-memory", SequenceStudyTask::copyMemory);
    }

    private StudyTasks() {
    }

    public static List<String> names() {
        return List.copyOf(TASKS.keySet());
    }

    /** The named task; refuses an unknown name listing the known ones. */
    public static StudyTask get(String name) {
        Supplier<StudyTask> s = TASKS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; tasks: " + String.join(", ", names()));
        }
        return s.get();
    }

    /** Each named task, by name. */
    public static Map<String, StudyTask> of(List<String> names) {
        Map<String, StudyTask> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, get(n)));
        return out;
    }
}
