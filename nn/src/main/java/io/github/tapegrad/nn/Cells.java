package io.github.tapegrad.nn;

import io.github.tapegrad.nn.zoo.CifgCell;
import io.github.tapegrad.nn.zoo.FgrCell;
import io.github.tapegrad.nn.zoo.LayerNormLSTMCell;
import io.github.tapegrad.nn.zoo.MguCell;
import io.github.tapegrad.nn.zoo.NfgCell;
import io.github.tapegrad.nn.zoo.NiafCell;
import io.github.tapegrad.nn.zoo.NigCell;
import io.github.tapegrad.nn.zoo.NoafCell;
import io.github.tapegrad.nn.zoo.NogCell;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cells by name, for the command line ({@code --cell NAME}): the built-ins and the zoo by the lower-case name
 * their papers abbreviate them with, or any cell class on the classpath by its fully qualified name (a public
 * class extending {@link Cell} with a public constructor taking a {@link CellConfig}).
 */
public final class Cells {
    /** A named cell: its factory and one line on what it is. */
    public record Entry(String name, CellFactory<? extends Cell> factory, String description) {
    }

    private static final Map<String, Entry> ZOO = new LinkedHashMap<>();

    static {
        add("lstm", LSTMCell::new, "LSTM as torch.nn.LSTMCell (no peepholes; Greff et al.'s NP)");
        add("gru", GRUCell::new, "GRU as torch.nn.GRUCell (Cho et al. 2014)");
        add("rnn", RNNCell::new, "Elman RNN, tanh, as torch.nn.RNNCell");
        add("rnn-relu", c -> new RNNCell(c, RNNCell.Nonlinearity.RELU), "Elman RNN, relu");
        add("vanilla", PeepholeLSTMCell::new, "LSTM with peepholes, Greff et al.'s baseline V");
        add("nig", NigCell::new, "Greff et al.'s V without input gate");
        add("nfg", NfgCell::new, "Greff et al.'s V without forget gate");
        add("nog", NogCell::new, "Greff et al.'s V without output gate");
        add("niaf", NiafCell::new, "Greff et al.'s V without input activation function");
        add("noaf", NoafCell::new, "Greff et al.'s V without output activation function");
        add("np", LSTMCell::new, "Greff et al.'s V without peepholes: the built-in LSTMCell");
        add("cifg", CifgCell::new, "Greff et al.'s V with coupled input and forget gate (f = 1 - i)");
        add("fgr", FgrCell::new, "Greff et al.'s V with full gate recurrence");
        add("mgu", MguCell::new, "minimal gated unit (Zhou et al. 2016)");
        add("lnlstm", LayerNormLSTMCell::new, "layer-normalized LSTM (Ba et al. 2016)");
    }

    private Cells() {
    }

    private static void add(String name, CellFactory<? extends Cell> factory, String description) {
        ZOO.put(name, new Entry(name, factory, description));
    }

    /** Every named cell, in table order. */
    public static List<Entry> zoo() {
        return List.copyOf(ZOO.values());
    }

    /** The zoo's names, in table order. */
    public static List<String> names() {
        return new ArrayList<>(ZOO.keySet());
    }

    /**
     * The factory of a zoo name (case-insensitive) or of a class name.
     *
     * @throws IllegalArgumentException naming the choices when {@code name} is neither
     */
    public static CellFactory<? extends Cell> factory(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cell name is empty; choose one of " + String.join(", ", names())
                    + ", or a class name");
        }
        Entry e = ZOO.get(name.toLowerCase(Locale.ROOT));
        if (e != null) {
            return e.factory();
        }
        if (!name.contains(".")) {
            throw new IllegalArgumentException("unknown cell '" + name + "'; choose one of " + String.join(", ", names())
                    + ", or a class name such as com.example.MyCell");
        }
        return ofClass(name);
    }

    private static CellFactory<? extends Cell> ofClass(String className) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : Cells.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cell class " + className + " is not on the classpath (" + e + ")");
        }
        if (!Cell.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("cell class " + className + " is not a concrete subclass of "
                    + Cell.class.getName());
        }
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor(CellConfig.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("cell class " + className + " needs a public constructor taking a "
                    + "CellConfig");
        }
        return config -> {
            try {
                return (Cell) ctor.newInstance(config);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(className + "(CellConfig) threw " + cause, cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
            }
        };
    }
}
