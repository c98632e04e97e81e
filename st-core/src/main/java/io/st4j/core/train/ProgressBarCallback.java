package io.st4j.core.train;

import io.st4j.core.ProgressBar;

/** Draws a progress bar of the optimizer steps on standard error while training. */
public final class ProgressBarCallback implements TrainerCallback {

    private ProgressBar bar;

    @Override
    public void onTrainBegin(TrainerState state) {
        bar = new ProgressBar("Training", (int) state.maxSteps());
        bar.advance((int) state.globalStep());
    }

    @Override
    public void onStepEnd(TrainerState state) {
        bar.advance(1);
    }

    @Override
    public void onTrainEnd(TrainerState state) {
        bar.finish();
    }
}
