package io.st4j.core.modules;

import java.util.ArrayList;
import java.util.List;

/**
 * The dropout sites of the encoder graph (as in the Hugging Face models) and the shape of each site's mask
 * for a batch: {@code [batch * tokens, hidden]} for hidden states, {@code [batch, heads, tokens, tokens]}
 * for attention weights.
 */
final class DropoutSites {

    /** One site: its name, its probability and its mask shape. */
    record Site(String name, double probability, long[] shape) {
    }

    private DropoutSites() {
    }

    static String attention(int layer) {
        return "layer" + layer + ".attention";
    }

    static String attentionOutput(int layer) {
        return "layer" + layer + ".attention_output";
    }

    static String output(int layer) {
        return "layer" + layer + ".output";
    }

    /** Every site with a non-zero probability, with its mask shape for {@code batch}. */
    static List<Site> of(EncoderConfig config, TokenBatch batch) {
        long rows = (long) batch.size() * batch.length();
        long[] hidden = {rows, config.hiddenSize()};
        long[] attention = {batch.size(), config.numHeads(), batch.length(), batch.length()};
        List<Site> sites = new ArrayList<>();
        if (config.hiddenDropout() > 0) {
            sites.add(new Site("embeddings", config.hiddenDropout(), hidden));
        }
        for (int i = 0; i < config.numLayers(); i++) {
            if (config.attentionDropout() > 0) {
                sites.add(new Site(attention(i), config.attentionDropout(), attention));
            }
            if (config.hiddenDropout() > 0) {
                if (config.architecture().layout().attentionOutputDropout()) {
                    sites.add(new Site(attentionOutput(i), config.hiddenDropout(), hidden));
                }
                sites.add(new Site(output(i), config.hiddenDropout(), hidden));
            }
        }
        return sites;
    }
}
