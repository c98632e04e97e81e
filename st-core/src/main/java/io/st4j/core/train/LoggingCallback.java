package io.st4j.core.train;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every training log entry and evaluation through SLF4J, with the progress through the run. */
public final class LoggingCallback implements TrainerCallback {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingCallback.class);

    @Override
    public void onLog(TrainerState state, Map<String, Object> logs) {
        LOG.info("step {}/{} ({}%): {}", state.globalStep(), state.maxSteps(),
                state.maxSteps() == 0 ? 100 : 100 * state.globalStep() / state.maxSteps(), logs);
    }
}
