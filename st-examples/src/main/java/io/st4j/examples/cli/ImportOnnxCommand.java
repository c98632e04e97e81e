package io.st4j.examples.cli;

import io.st4j.core.modules.PoolingMode;
import io.st4j.hub.onnx.OnnxModelImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code st4j import-onnx}: a BERT ONNX export plus its tokenizer.json into a sentence-transformers folder. */
@Command(name = "import-onnx", mixinStandardHelpOptions = true,
        description = "Turn a BERT ONNX export and its tokenizer.json into a sentence-transformers model folder.")
final class ImportOnnxCommand implements Callable<Integer> {

    @Option(names = "--onnx", required = true, description = "The ONNX file.")
    Path onnx;

    @Option(names = "--tokenizer", required = true, description = "The tokenizer.json file.")
    Path tokenizer;

    @Option(names = "--pooling", required = true, paramLabel = "MODE",
            description = "cls, max, mean, mean_sqrt_len_tokens, weightedmean or lasttoken; several joined by +.")
    String pooling;

    @Option(names = "--normalize", description = "Append a Normalize module.")
    boolean normalize;

    @Option(names = "--max-seq-length", defaultValue = "512", description = "Longest input in tokens (default: ${DEFAULT-VALUE}).")
    int maxSeqLength;

    @Option(names = "--output", required = true, description = "The model folder to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        List<PoolingMode> modes = new ArrayList<>();
        for (String mode : pooling.split("\\+")) {
            modes.add(PoolingMode.fromName(mode));
        }
        new OnnxModelImport(modes, normalize, maxSeqLength).run(onnx, tokenizer, output);
        System.err.println("Wrote " + output);
        return 0;
    }
}
