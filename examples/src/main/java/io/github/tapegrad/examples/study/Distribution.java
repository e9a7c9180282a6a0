package io.github.tapegrad.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Where a hyperparameter is drawn from in a random search (Greff et al. 2017, Bergstra and Bengio 2012): one
 * of several values, uniform on [lo, hi], or log-uniform on [lo, hi] (uniform in log space: a learning rate
 * from 1e-4 to 1e-1 is as likely to fall in each decade). Written {@code choice:32:64:128},
 * {@code uniform:0.5:5}, {@code loguniform:1e-4:1e-1} on the command line, or as JSON
 * {@code {"loguniform": [1e-4, 1e-1]}} in a spec file.
 */
public sealed interface Distribution {

    /** One draw: exactly one {@code nextDouble()} of {@code rng}, so a search's draws do not depend on the kinds. */
    double sample(RandomGenerator rng);

    /** The command-line form, e.g. {@code loguniform:1.0E-4:0.1}. */
    String text();

    /** The JSON form: {@code {"loguniform": [lo, hi]}}. */
    Map<String, Object> json();

    /** Whether a plot should put this hyperparameter on a log axis. */
    default boolean logScale() {
        return false;
    }

    record Choice(List<Double> values) implements Distribution {
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("choice: needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public double sample(RandomGenerator rng) {
            return values.get(Math.min(values.size() - 1, (int) (rng.nextDouble() * values.size())));
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder("choice");
            values.forEach(v -> sb.append(':').append(JsonText.number(v)));
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            return Map.of("choice", new ArrayList<Object>(values));
        }
    }

    record Uniform(double lo, double hi) implements Distribution {
        public Uniform {
            checkRange("uniform", lo, hi, false);
        }

        @Override
        public double sample(RandomGenerator rng) {
            return lo + (hi - lo) * rng.nextDouble();
        }

        @Override
        public String text() {
            return "uniform:" + JsonText.number(lo) + ":" + JsonText.number(hi);
        }

        @Override
        public Map<String, Object> json() {
            return Map.of("uniform", List.of(lo, hi));
        }
    }

    record LogUniform(double lo, double hi) implements Distribution {
        public LogUniform {
            checkRange("loguniform", lo, hi, true);
        }

        @Override
        public double sample(RandomGenerator rng) {
            return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
        }

        @Override
        public String text() {
            return "loguniform:" + JsonText.number(lo) + ":" + JsonText.number(hi);
        }

        @Override
        public Map<String, Object> json() {
            return Map.of("loguniform", List.of(lo, hi));
        }

        @Override
        public boolean logScale() {
            return true;
        }
    }

    private static void checkRange(String kind, double lo, double hi, boolean positive) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi || (positive && lo <= 0)) {
            throw new IllegalArgumentException(kind + ": needs finite lo <= hi" + (positive ? " with lo > 0" : "")
                    + ", got [" + lo + ", " + hi + "]");
        }
    }

    /** Parses {@code choice:a:b:...}, {@code uniform:lo:hi} or {@code loguniform:lo:hi}. */
    static Distribution parse(String text) {
        String[] parts = text.trim().split(":");
        String kind = parts[0].toLowerCase(Locale.ROOT);
        List<Double> numbers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            try {
                numbers.add(Double.parseDouble(parts[i]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': " + parts[i] + " is not a number");
            }
        }
        return of(kind, numbers, "'" + text + "'");
    }

    /** Parses the JSON form {@code {"kind": [numbers]}}. */
    static Distribution fromJson(Object json, String where) {
        if (!(json instanceof Map<?, ?> m) || m.size() != 1) {
            throw new IllegalArgumentException(where + ": a distribution is {\"choice\"|\"uniform\"|\"loguniform\": "
                    + "[numbers]}, got " + JsonText.write(json));
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        if (!(e.getValue() instanceof List<?> l) || !l.stream().allMatch(v -> v instanceof Double)) {
            throw new IllegalArgumentException(where + ": " + e.getKey() + " takes a list of numbers, got "
                    + JsonText.write(e.getValue()));
        }
        List<Double> numbers = new ArrayList<>();
        l.forEach(v -> numbers.add((Double) v));
        return of(String.valueOf(e.getKey()), numbers, where);
    }

    private static Distribution of(String kind, List<Double> numbers, String where) {
        try {
            return switch (kind) {
                case "choice" -> new Choice(numbers);
                case "uniform", "loguniform" -> {
                    if (numbers.size() != 2) {
                        throw new IllegalArgumentException(kind + " takes two numbers, lo and hi, got " + numbers.size());
                    }
                    yield kind.equals("uniform") ? new Uniform(numbers.get(0), numbers.get(1))
                            : new LogUniform(numbers.get(0), numbers.get(1));
                }
                default -> throw new IllegalArgumentException("unknown distribution '" + kind
                        + "' (choice, uniform, loguniform)");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Name → distribution, e.g. {@code lr=loguniform:1e-4:1e-1,hidden=choice:32:64}; names in the given order. */
    static Map<String, Distribution> parseSpace(String text) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + item + "': expected NAME=DISTRIBUTION, e.g. lr=loguniform:1e-4:1e-1");
            }
            String name = item.substring(0, eq).trim();
            if (out.put(name, parse(item.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("'" + name + "' appears twice in the space");
            }
        }
        return out;
    }
}
