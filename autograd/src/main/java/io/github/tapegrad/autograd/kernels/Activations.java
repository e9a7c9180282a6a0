package io.github.tapegrad.autograd.kernels;

/**
 * float32 transcendental activations, vectorised when the Vector API is present (plain arithmetic, see
 * {@code VectorActivations}), else null and {@link Unary}'s scalar loops run.
 * The choice is made once, so a run never mixes the two.
 */
interface Activations {
    void exp(float[] x, float[] out);

    void tanh(float[] x, float[] out);

    void sigmoid(float[] x, float[] out);

    /** The vectorised implementation, or null without the module or with -Dtapegrad.kernels=java. */
    Activations VECTOR = load();

    private static Activations load() {
        if ("java".equalsIgnoreCase(System.getProperty("tapegrad.kernels"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (Activations) Class.forName("io.github.tapegrad.autograd.kernels.VectorActivations")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
