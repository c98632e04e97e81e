package io.st4j.losses;

import io.st4j.core.train.GuidedLoss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GISTEmbed: in-batch negatives ranking where a guide model removes likely false negatives: a candidate
 * whose guide similarity to the anchor exceeds the guide's anchor-positive similarity (minus a margin) is
 * masked out of the softmax. See {@link GuidedLoss} for the trainer hook.
 */
public class GISTEmbedLoss implements GuidedLoss {

    /** How the false-negative threshold is lowered from the guide's positive similarity. */
    public enum MarginStrategy {
        ABSOLUTE, RELATIVE
    }

    private final String guide;
    private final double temperature;
    private final MarginStrategy marginStrategy;
    private final double margin;
    private final boolean contrastAnchors;
    private final boolean contrastPositives;

    /** Temperature 0.01, absolute margin 0, anchor-anchor and positive-positive terms on. */
    public GISTEmbedLoss(String guide) {
        this(guide, 0.01, MarginStrategy.ABSOLUTE, 0.0, true, true);
    }

    public GISTEmbedLoss(String guide, double temperature, MarginStrategy marginStrategy, double margin,
            boolean contrastAnchors, boolean contrastPositives) {
        this.guide = guide;
        this.temperature = temperature;
        this.marginStrategy = marginStrategy;
        this.margin = margin;
        this.contrastAnchors = contrastAnchors;
        this.contrastPositives = contrastPositives;
    }

    @Override
    public String guide() {
        return guide;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, List<SDVariable> guideEmbeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        if (guideEmbeddings.size() != embeddings.size()) {
            throw new IllegalArgumentException(name() + " needs guide embeddings for each of the " + embeddings.size()
                    + " columns, got " + guideEmbeddings.size());
        }
        SDVariable anchor = embeddings.get(0);
        SDVariable positive = embeddings.get(1);
        SDVariable anchorGuide = Ops.noGrad(sd, guideEmbeddings.get(0));
        SDVariable positiveGuide = Ops.noGrad(sd, guideEmbeddings.get(1));
        SDVariable eye = Ops.eye(sd, anchor);

        SDVariable guidedAp = sim(sd, anchorGuide, positiveGuide);
        SDVariable threshold = guidedAp.mul(eye).sum(true, 1);
        threshold = marginStrategy == MarginStrategy.ABSOLUTE
                ? threshold.sub(margin)
                : threshold.sub(sd.math.abs(threshold).mul(margin));

        SDVariable ap = sim(sd, anchor, positive);
        SDVariable positives = ap.mul(eye).sum(1);
        List<SDVariable> scores = new ArrayList<>();
        scores.add(suppress(sd, ap, guidedAp, threshold, eye));
        if (contrastAnchors) {
            scores.add(suppress(sd, sim(sd, anchor, anchor), sim(sd, anchorGuide, anchorGuide), threshold, null));
        }
        if (contrastPositives) {
            scores.add(suppress(sd, sim(sd, positive, positive), sim(sd, positiveGuide, positiveGuide), threshold, null));
        }
        for (int j = 2; j < embeddings.size(); j++) {
            SDVariable negativeGuide = Ops.noGrad(sd, guideEmbeddings.get(j));
            scores.add(suppress(sd, sim(sd, anchor, embeddings.get(j)), sim(sd, anchorGuide, negativeGuide), threshold, null));
        }
        SDVariable logits = (scores.size() == 1 ? scores.get(0) : sd.concat(1, scores.toArray(new SDVariable[0]))).div(temperature);
        return Ops.crossEntropy(sd, logits, positives.div(temperature));
    }

    /** {@code nn.CosineSimilarity(dim=-1)} of every row pair: {@code a.b / sqrt(max(|a|^2 |b|^2, 1e-16))}. */
    private static SDVariable sim(SameDiff sd, SDVariable a, SDVariable b) {
        SDVariable dots = Ops.mmulT(sd, a, b);
        SDVariable squaredNorms = a.pow(2).sum(true, 1).mul(sd.permute(b.pow(2).sum(true, 1), 1, 0));
        return dots.div(sd.math.sqrt(sd.scalarMax(squaredNorms, 1e-16)));
    }

    /** {@code sim} with -inf where the guide finds the candidate more similar than the threshold (never on {@code keep}). */
    private static SDVariable suppress(SameDiff sd, SDVariable sim, SDVariable guided, SDVariable threshold, SDVariable keep) {
        SDVariable falseNegative = Ops.mask(sd.gt(guided, threshold));
        if (keep != null) {
            falseNegative = falseNegative.mul(keep.rsub(1.0));
        }
        return sim.add(sd.math.log(falseNegative.rsub(1.0)));
    }

    @Override
    public ColumnRequirements requirements() {
        return new ColumnRequirements(2, 3, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("guide", guide);
        config.put("temperature", temperature);
        config.put("margin_strategy", marginStrategy.name().toLowerCase(Locale.ROOT));
        config.put("margin", margin);
        config.put("contrast_anchors", contrastAnchors);
        config.put("contrast_positives", contrastPositives);
        config.put("gather_across_devices", false);
        return config;
    }

    @Override
    public String citation() {
        return Citations.GIST;
    }
}
