package io.st4j.hub;

import io.st4j.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets by id: the data files (Parquet, CSV, TSV, JSON Lines) of one subset (config) and split of a
 * Hub dataset repository, found as {@code datasets.load_dataset} finds them (the card's {@code configs},
 * else the default split patterns), downloaded into the shared cache.
 *
 * <pre>{@code
 * Dataset train = new HubDatasets(hub).load("sentence-transformers/all-nli", "pair-class", "train[:10000]");
 * }</pre>
 */
public final class HubDatasets {

    private static final Logger LOG = LoggerFactory.getLogger(HubDatasets.class);
    private static final String CARD = "README.md";

    private final HubClient client;

    public HubDatasets(HubClient client) {
        this.client = client;
    }

    /**
     * The rows of {@code split} (a split expression such as {@code train[:10000]}) of subset {@code config}
     * (null: the only or default one) of dataset {@code repoId} on {@code main}, as {@code load_dataset(repoId,
     * config, split=split)}.
     */
    public Dataset load(String repoId, String config, String split) throws IOException {
        return load(repoId, config, split, null);
    }

    /** As {@link #load(String, String, String)} at {@code revision} (branch, tag or commit; null: {@code main}). */
    public Dataset load(String repoId, String config, String split, String revision) throws IOException {
        return dataFiles(repoId, config, split, revision).read();
    }

    /**
     * The local files of {@code split} (a split expression such as {@code train[:10000]}) of subset
     * {@code config} (null: the only or default one) of dataset {@code repoId} at {@code revision}
     * (null: {@code main}).
     */
    public DatasetFiles dataFiles(String repoId, String config, String split, String revision) throws IOException {
        SplitSpec spec = SplitSpec.parse(split);
        RepoInfo listing = listing(repoId, revision == null ? HubFiles.DEFAULT_REVISION : revision);
        String commit = listing.sha();
        List<DatasetCardConfigs.Config> configs = List.of();
        if (listing.siblings().contains(CARD)) {
            Path card = client.downloadFile(RepoType.DATASET, repoId, CARD, commit);
            configs = DatasetCardConfigs.parse(Files.readString(card, StandardCharsets.UTF_8),
                    "the dataset card of " + repoId);
        }
        if (configs.isEmpty() && config != null && !config.equals("default")) {
            throw new IllegalArgumentException("Dataset " + repoId + " declares no configs in its card; config '"
                    + config + "' does not exist (use null or 'default')");
        }
        DatasetCardConfigs.Config chosen = configs.isEmpty()
                ? new DatasetCardConfigs.Config("default", DataFilePatterns.inferSplits(listing.siblings()), true)
                : choose(configs, config, repoId);
        List<String> patterns = chosen.splits().get(spec.name());
        if (patterns == null) {
            throw new IllegalArgumentException("Split '" + spec.name() + "' does not exist in config '" + chosen.name()
                    + "' of dataset " + repoId + "; available splits: " + chosen.splits().keySet());
        }
        List<String> paths = DataFilePatterns.resolve(listing.siblings(), patterns);
        if (paths.isEmpty()) {
            throw new HubException("No data file of dataset " + repoId + " at commit " + commit + " matches "
                    + patterns + " (config '" + chosen.name() + "', split '" + spec.name() + "')");
        }
        Set<DataFileFormat> formats = EnumSet.noneOf(DataFileFormat.class);
        paths.forEach(p -> formats.add(DataFileFormat.of(p).orElseThrow()));
        if (formats.size() > 1) {
            throw new HubException("Split '" + spec.name() + "' of config '" + chosen.name() + "' of dataset " + repoId
                    + " mixes formats " + formats + ": " + paths);
        }
        List<Path> files = new ArrayList<>();
        for (String path : paths) {
            files.add(client.downloadFile(RepoType.DATASET, repoId, path, commit));
        }
        return new DatasetFiles(repoId, chosen.name(), spec, formats.iterator().next(), files, commit);
    }

    /** The names of the subsets (configs) a dataset declares; {@code [default]} when its card declares none. */
    public List<String> configNames(String repoId, String revision) throws IOException {
        RepoInfo listing = listing(repoId, revision == null ? HubFiles.DEFAULT_REVISION : revision);
        if (!listing.siblings().contains(CARD)) {
            return List.of("default");
        }
        Path card = client.downloadFile(RepoType.DATASET, repoId, CARD, listing.sha());
        List<String> names = DatasetCardConfigs.parse(Files.readString(card, StandardCharsets.UTF_8),
                "the dataset card of " + repoId).stream().map(DatasetCardConfigs.Config::name).toList();
        return names.isEmpty() ? List.of("default") : names;
    }

    private static DatasetCardConfigs.Config choose(List<DatasetCardConfigs.Config> configs, String name,
            String repoId) {
        List<String> names = configs.stream().map(DatasetCardConfigs.Config::name).toList();
        if (name != null) {
            return configs.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Config '" + name + "' does not exist in dataset "
                            + repoId + "; available configs: " + names));
        }
        if (configs.size() == 1) {
            return configs.get(0);
        }
        return configs.stream().filter(DatasetCardConfigs.Config::isDefault).findFirst()
                .or(() -> configs.stream().filter(c -> c.name().equals("default")).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("Dataset " + repoId
                        + " has several configs; pick one of " + names));
    }

    /** The file list at the revision: from the Hub, or from the cached snapshot when it cannot be asked. */
    private RepoInfo listing(String repoId, String revision) throws IOException {
        try {
            RepoInfo info = client.repoInfo(RepoType.DATASET, repoId, revision);
            client.recordRef(RepoType.DATASET, repoId, revision, info.sha());
            return info;
        } catch (OfflineModeException | HubUnreachableException e) {
            Path snapshot = client.cachedSnapshot(RepoType.DATASET, repoId, revision, e);
            List<String> files;
            try (Stream<Path> walk = Files.walk(snapshot)) {
                files = walk.filter(Files::isRegularFile)
                        .map(p -> snapshot.relativize(p).toString().replace('\\', '/')).sorted().toList();
            }
            LOG.warn("The Hub cannot be asked ({}); using the {} file(s) cached for dataset {} at commit {}",
                    e.getMessage(), files.size(), repoId, snapshot.getFileName());
            return new RepoInfo(repoId, snapshot.getFileName().toString(), files, false, List.of());
        }
    }
}
