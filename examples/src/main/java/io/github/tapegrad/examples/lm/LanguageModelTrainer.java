package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.StepScope;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.data.Minibatch;
import io.github.tapegrad.examples.data.Sampling;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.optim.GradClip;
import io.github.tapegrad.nn.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * d2l's {@code train_epoch_ch8}: for each minibatch, forward, mean cross-entropy, backward, gradient clipping to
 * norm theta, one optimizer step, each minibatch in a step scope so its buffers are reused by the next. With
 * sequential sampling the state runs on from minibatch to minibatch (detached,
 * so backpropagation stops at the minibatch boundary) and starts from zeros each epoch; with random sampling every
 * minibatch starts from zeros.
 */
public final class LanguageModelTrainer {
    private final CharLanguageModel model;
    private final Optimizer optimizer;
    private final List<Tensor> parameters;
    private final double clipTheta;
    private final Sampling sampling;
    private int[] inputs = new int[0];
    private int[] targets = new int[0];

    public LanguageModelTrainer(CharLanguageModel model, Optimizer optimizer, double clipTheta, Sampling sampling) {
        this.model = model;
        this.optimizer = optimizer;
        this.parameters = model.parameters();
        this.clipTheta = clipTheta;
        this.sampling = sampling;
    }

    /** Trains on every minibatch of {@code epoch} and returns the epoch's perplexity and speed. */
    public EpochResult trainEpoch(Iterable<Minibatch> epoch) {
        long start = System.nanoTime();
        model.train();
        List<State> state = null;
        double lossSum = 0;
        long tokens = 0;
        for (Minibatch batch : epoch) {
            int steps = batch.numSteps();
            int rows = batch.batchSize();
            fillTimeMajor(batch, steps, rows);
            int n = steps * rows;
            try (StepScope step = Grad.step()) { // the step's tensors go back to the pool for the next minibatch
                CharLanguageModel.Output out = model.forward(model.oneHot(inputs, steps, rows), state);
                Tensor loss = Loss.crossEntropy(out.logits(), Indices.of(targets));
                optimizer.zeroGrad();
                loss.backward();
                GradClip.clipGradNorm(parameters, clipTheta);
                optimizer.step();
                lossSum += loss.item() * n;
                state = sampling == Sampling.RANDOM ? null : keep(out.states(), step);
            }
            tokens += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(Math.exp(lossSum / tokens), tokens, seconds);
    }

    /** x and y of the minibatch in time-major order: position t·B + b holds row b, step t (d2l's X.T, Y.T). */
    private void fillTimeMajor(Minibatch batch, int steps, int rows) {
        int n = steps * rows;
        if (inputs.length != n) {
            inputs = new int[n];
            targets = new int[n];
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < rows; b++) {
                inputs[t * rows + b] = batch.x(b, t);
                targets[t * rows + b] = batch.y(b, t);
            }
        }
    }

    /** The final states cut from the graph (backpropagation stops at the minibatch) and kept past the step. */
    private static List<State> keep(List<State> states, StepScope step) {
        List<State> out = new ArrayList<>(states.size());
        for (State s : states) {
            State detached = s.detach();
            detached.tensors().forEach(step::keep);
            out.add(detached);
        }
        return out;
    }
}
