package io.st4j.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * The local data files of one split of one subset (config) of a Hub dataset, in the order
 * {@code datasets} reads them, plus the slice of rows the split expression asks for.
 *
 * <p>Turning these into an st-data {@code Dataset} is the caller's step (st-data's loaders by
 * {@link #format()}, then {@link SplitSpec#rowRange(long)} for the slice); st-hub does not read rows.
 *
 * @param commit the dataset repository's commit the files come from
 */
public record DatasetFiles(String repoId, String config, SplitSpec split, DataFileFormat format, List<Path> files,
        String commit) {

    public DatasetFiles {
        files = List.copyOf(files);
    }
}
