package io.github.tapegrad.examples.cells;

/** Not a cell; its static initializer counts every time it runs, so a test can tell that naming it ran nothing. */
public final class Tripwire {
    static {
        TripwireCount.initialized++;
    }

    private Tripwire() {
    }

    /** Kept apart from {@link Tripwire}: reading it does not initialize the class under test. */
    public static final class TripwireCount {
        public static int initialized;

        private TripwireCount() {
        }
    }
}
