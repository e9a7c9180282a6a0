package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;
import io.github.tapegrad.nn.State;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * GradCheck's gradgradcheck applied to a {@link RecurrentProblem}'s loss as a function of x and the initial
 * state tensors. Parameters are not among the inputs: a cell holds its own parameter tensors, and GradCheck
 * differentiates with respect to fresh tensors it passes in; the second derivatives that matter for the
 * cell's ops (sigmoid'', tanh'', products, matmul's rule run with createGraph) all appear on the input path.
 */
final class GradCheckSecondOrder {

    private GradCheckSecondOrder() {
    }

    record Result(GradCheckReport report, String inputs) {
    }

    static Result check(RecurrentProblem problem, RandomGenerator rng, GradCheck.Tolerance tolerance) {
        List<Tensor> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        inputs.add(problem.x());
        names.add("0=x");
        List<int[]> layout = new ArrayList<>(); // {layer, tensor count}
        for (int l = 0; l < problem.initialStates().size(); l++) {
            State s = problem.initialStates().get(l);
            layout.add(new int[] {l, s.size()});
            for (int k = 0; k < s.size(); k++) {
                names.add(inputs.size() + "=" + RecurrentProblem.stateName(k, "0", problem.net(), l));
                inputs.add(s.get(k));
            }
        }
        GradCheckReport report = GradCheck.checkSecondOrder(xs -> {
            List<State> states = new ArrayList<>();
            int next = 1;
            for (int[] layer : layout) {
                states.add(new State(xs.subList(next, next + layer[1])));
                next += layer[1];
            }
            return problem.loss(xs.get(0), states);
        }, inputs, rng, tolerance);
        return new Result(report, " (inputs " + String.join(", ", names) + ")");
    }
}
