package io.st4j.losses.training;

import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;

/** A callback that interrupts training with an {@link IllegalStateException} when a given step ends. */
record CrashAfterStep(int step) implements TrainerCallback {

    @Override
    public void onStepEnd(TrainerState state) {
        if (state.globalStep() == step) {
            throw new IllegalStateException("simulated crash after step " + step);
        }
    }
}
