package io.st4j.hub;

import io.st4j.data.Dataset;
import io.st4j.data.load.DataFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The local data files of one split of one subset (config) of a Hub dataset, in the order
 * {@code datasets} reads them, plus the slice of rows the split expression asks for.
 *
 * @param commit the dataset repository's commit the files come from
 */
public record DatasetFiles(String repoId, String config, SplitSpec split, DataFileFormat format, List<Path> files,
        String commit) {

    public DatasetFiles {
        files = List.copyOf(files);
    }

    /**
     * The rows of the split expression: the files read one after another with st-data's loaders (by
     * extension, as {@link DataFiles#load}), then sliced as {@link SplitSpec#rowRange(long)} says.
     */
    public Dataset read() {
        Dataset all = DataFiles.load(files.toArray(Path[]::new));
        if (split.isWhole()) {
            return all;
        }
        long[] range = split.rowRange(all.numRows());
        return all.selectRange((int) range[0], (int) range[1]);
    }
}
