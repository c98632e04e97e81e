package io.st4j.core.train.optim;

import java.util.List;

/**
 * A torch optimizer parameter group: parameters sharing a base learning rate (which the schedule's factor
 * multiplies) and a weight decay.
 *
 * @param parameterNames the parameters of the group
 * @param learningRate   the group's base learning rate, {@code >= 0}
 * @param weightDecay    the decoupled weight decay, {@code >= 0}
 */
public record ParameterGroup(List<String> parameterNames, double learningRate, double weightDecay) {

    public ParameterGroup {
        parameterNames = List.copyOf(parameterNames);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("invalid learning rate " + learningRate + ": must be finite and >= 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("invalid weight decay " + weightDecay + ": must be finite and >= 0");
        }
    }
}
