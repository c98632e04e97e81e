package io.st4j.hub;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.train.HubStrategy;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.core.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's {@code pushToHub}, as Hugging Face's trainer does it: the repository ({@code hubModelId},
 * default the output folder's name, in the token owner's namespace when it names none) is created when
 * training begins ({@code hubPrivateRepo}); each checkpoint pushes the model with its card to the
 * repository's root ({@code hubStrategy} EVERY_SAVE), and also the whole checkpoint to
 * {@code last-checkpoint/} (CHECKPOINT) or {@code checkpoint-N/} (ALL_CHECKPOINTS); the end of training
 * pushes the final model with its card (every strategy, END included). A checkpoint push that fails is
 * logged and training goes on; a failure at the start or the end is thrown. The trainer adds it by itself
 * when {@code pushToHub} is set ({@link HubTrainerCallbacks}), with a client from the environment and
 * {@code hubToken} when given; register one with a client of your own to override.
 */
public final class PushToHubCallback implements TrainerCallback {

    private static final Logger LOG = LoggerFactory.getLogger(PushToHubCallback.class);

    private final HubClient client;
    private HubClient hub;
    private SentenceTransformer model;
    private SentenceTransformerTrainingArguments args;
    private String repoId;

    /** Pushes through a client configured from the environment, with the run's {@code hubToken} when set. */
    public PushToHubCallback() {
        this(null);
    }

    /** Pushes through {@code client}. */
    public PushToHubCallback(HubClient client) {
        this.client = client;
    }

    @Override
    public void onInitEnd(TrainingRun run) {
        model = run.model();
        args = run.args();
        hub = client != null ? client : new HubClient(args.hubToken() == null ? HubConfig.fromEnvironment()
                : HubConfig.fromEnvironment().toBuilder().token(args.hubToken()).build());
    }

    /**
     * The repository pushed to: {@code hubModelId}, else the output folder's name; a name without namespace
     * goes to the token owner's, as Hugging Face's {@code get_full_repo_name}.
     */
    static String repoId(SentenceTransformerTrainingArguments args, HubClient hub) throws IOException {
        String id = args.hubModelId() != null ? args.hubModelId()
                : args.outputDir().toAbsolutePath().normalize().getFileName().toString();
        if (!RepoIds.isValid(id)) {
            throw new IllegalArgumentException("hubModelId '" + id + "' is not a Hub repository id"
                    + (args.hubModelId() == null ? " (it defaults to the output folder's name)" : ""));
        }
        return id.contains("/") ? id : hub.whoami() + "/" + id;
    }

    @Override
    public void onTrainBegin(TrainerState state) {
        try {
            repoId = repoId(args, hub);
            String url = hub.createRepo(RepoType.MODEL, repoId, privateRepo(), true);
            LOG.info("Pushing to {} ({})", url, args.hubStrategy());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Hub repository " + repoId, e);
        }
    }

    @Override
    public void onSave(TrainerState state, Path checkpoint) {
        if (args.hubStrategy() == HubStrategy.END) {
            return;
        }
        String message = args.saveStrategy() == IntervalStrategy.EPOCH
                ? "Training in progress, epoch " + (long) state.epoch()
                : "Training in progress, step " + state.globalStep();
        try {
            pushModel(message);
            if (args.hubStrategy() == HubStrategy.CHECKPOINT) {
                pushFolder(checkpoint, "last-checkpoint", message + ", checkpoint");
            } else if (args.hubStrategy() == HubStrategy.ALL_CHECKPOINTS) {
                pushFolder(checkpoint, checkpoint.getFileName().toString(), message + ", checkpoint");
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Pushing {} to {} failed; training goes on and the end of training pushes again", checkpoint,
                    repoId, e);
        }
    }

    @Override
    public void onTrainEnd(TrainerState state) {
        try {
            pushModel("End of training");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot push the trained model to " + repoId, e);
        }
    }

    private boolean privateRepo() {
        return Boolean.TRUE.equals(args.hubPrivateRepo());
    }

    private void pushModel(String message) throws IOException {
        new ModelPush(hub).push(model, repoId, PushToHubOptions.defaults().withExistOk(true)
                .withPrivateRepo(privateRepo()).withCommitMessage(message));
    }

    /** Commits the files of {@code folder} under {@code pathInRepo}, through a staging folder of hard links. */
    private void pushFolder(Path folder, String pathInRepo, String message) throws IOException {
        Path staging = Files.createTempDirectory("st4j-push-checkpoint-");
        try {
            Path target = staging.resolve(pathInRepo);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                Path link = target.resolve(folder.relativize(file).toString());
                Files.createDirectories(link.getParent());
                try {
                    Files.createLink(link, file);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(file, link);
                }
            }
            hub.uploadFolder(RepoType.MODEL, repoId, staging, UploadOptions.defaults()
                    .withCommitMessage(message).withPrivateRepo(privateRepo()));
        } finally {
            AtomicFolder.deleteRecursively(staging);
        }
    }
}
