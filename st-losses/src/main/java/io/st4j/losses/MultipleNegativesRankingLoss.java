package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * InfoNCE with in-batch negatives: for (anchor, positive[, negative...]) rows, each anchor must score its
 * own positive above every other candidate of the batch. Options as in sentence-transformers v6: the
 * interaction {@link Direction directions}, the {@link PartitionMode}, and hardness weighting.
 */
public class MultipleNegativesRankingLoss implements Loss {

    /** Which similarity terms enter the softmax. */
    public enum Direction {
        QUERY_TO_DOC("query_to_doc"), QUERY_TO_QUERY("query_to_query"), DOC_TO_QUERY("doc_to_query"), DOC_TO_DOC("doc_to_doc");

        private final String pythonName;

        Direction(String pythonName) {
            this.pythonName = pythonName;
        }

        public String pythonName() {
            return pythonName;
        }
    }

    /** How the softmax denominators are formed: one over all directions, or one per direction averaged. */
    public enum PartitionMode {
        JOINT("joint"), PER_DIRECTION("per_direction");

        private final String pythonName;

        PartitionMode(String pythonName) {
            this.pythonName = pythonName;
        }

        public String pythonName() {
            return pythonName;
        }
    }

    /** Which negatives get the {@code hardness_strength * detach(sim)} logit penalty. */
    public enum HardnessMode {
        IN_BATCH_NEGATIVES("in_batch_negatives"), HARD_NEGATIVES("hard_negatives"), ALL_NEGATIVES("all_negatives");

        private final String pythonName;

        HardnessMode(String pythonName) {
            this.pythonName = pythonName;
        }

        public String pythonName() {
            return pythonName;
        }
    }

    private final double scale;
    private final SimilarityFunction similarity;
    private final List<Direction> directions;
    private final PartitionMode partitionMode;
    private final HardnessMode hardnessMode;
    private final double hardnessStrength;

    /** The defaults: scale 20, cosine similarity, query_to_doc, joint, no hardness weighting. */
    public MultipleNegativesRankingLoss() {
        this(builder());
    }

    /** The given scale and similarity with the other defaults. */
    public MultipleNegativesRankingLoss(double scale, SimilarityFunction similarity) {
        this(builder().scale(scale).similarity(similarity));
    }

    protected MultipleNegativesRankingLoss(Builder b) {
        if (!(b.scale > 0)) {
            throw new IllegalArgumentException("Scale must be a positive value, got " + b.scale);
        }
        if (b.directions.isEmpty() || !b.directions.contains(Direction.QUERY_TO_DOC)) {
            throw new IllegalArgumentException("'query_to_doc' direction is required (contains the positive pair), got " + b.directions);
        }
        if (b.partitionMode == PartitionMode.PER_DIRECTION
                && (b.directions.contains(Direction.QUERY_TO_QUERY) || b.directions.contains(Direction.DOC_TO_DOC))) {
            throw new IllegalArgumentException("partition_mode='per_direction' requires every direction's candidate pool to include "
                    + "the positive pair; 'query_to_query' and 'doc_to_doc' never do. Use partition_mode='joint' instead.");
        }
        if (b.hardnessStrength < 0) {
            throw new IllegalArgumentException("hardness_strength must be non-negative, got " + b.hardnessStrength);
        }
        this.scale = b.scale;
        this.similarity = b.similarity;
        this.directions = List.copyOf(b.directions);
        this.partitionMode = b.partitionMode;
        this.hardnessMode = b.hardnessMode;
        this.hardnessStrength = b.hardnessStrength;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double scale() {
        return scale;
    }

    public SimilarityFunction similarity() {
        return similarity;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable queries = embeddings.get(0);
        List<SDVariable> docs = embeddings.subList(1, embeddings.size());
        SDVariable eye = Ops.eye(sd, queries);
        SDVariable blocked = sd.math.log(eye.rsub(1.0)); // 0 off the diagonal, -inf on it

        List<SDVariable> queryToDoc = new ArrayList<>();
        for (int j = 0; j < docs.size(); j++) {
            SDVariable sim = Similarities.matrix(sd, similarity, queries, docs.get(j));
            SDVariable logits = sim.mul(scale);
            SDVariable penaltyMask = penaltyMask(sd, eye, j);
            if (penaltyMask != null) {
                logits = logits.add(Ops.noGrad(sd, sim).mul(hardnessStrength).mul(penaltyMask));
            }
            queryToDoc.add(logits);
        }
        SDVariable positives = queryToDoc.get(0).mul(eye).sum(1);

        List<SDVariable> parts = new ArrayList<>();
        parts.add(concat(sd, queryToDoc));
        if (directions.contains(Direction.QUERY_TO_QUERY)) {
            parts.add(Similarities.matrix(sd, similarity, queries, queries).add(blocked).mul(scale));
        }
        if (directions.contains(Direction.DOC_TO_QUERY)) {
            parts.add(sd.permute(Similarities.matrix(sd, similarity, queries, docs.get(0)), 1, 0).mul(scale));
        }
        if (directions.contains(Direction.DOC_TO_DOC)) {
            List<SDVariable> blocks = new ArrayList<>();
            for (SDVariable doc : docs) {
                blocks.add(Similarities.matrix(sd, similarity, docs.get(0), doc).add(blocked).mul(scale));
            }
            parts.add(concat(sd, blocks));
        }

        SDVariable logZ;
        if (partitionMode == PartitionMode.JOINT) {
            logZ = Ops.logSumExp(sd, concat(sd, parts), 1);
        } else {
            logZ = null;
            for (SDVariable part : parts) {
                SDVariable lse = Ops.logSumExp(sd, part, 1);
                logZ = logZ == null ? lse : logZ.add(lse);
            }
            logZ = logZ.div(parts.size());
        }
        return logZ.reshape(-1).sub(positives).mean();
    }

    /** Where the hardness penalty applies in query_to_doc block {@code block} (0 = positives), or null for nowhere. */
    private SDVariable penaltyMask(SameDiff sd, SDVariable eye, int block) {
        if (hardnessMode == null || hardnessStrength == 0.0) {
            return null;
        }
        switch (hardnessMode) {
            case IN_BATCH_NEGATIVES:
                return eye.rsub(1.0);
            case HARD_NEGATIVES:
                return block == 0 ? null : eye;
            case ALL_NEGATIVES:
                return block == 0 ? eye.rsub(1.0) : sd.onesLike(eye);
            default:
                throw new AssertionError(hardnessMode);
        }
    }

    private static SDVariable concat(SameDiff sd, List<SDVariable> parts) {
        return parts.size() == 1 ? parts.get(0) : sd.concat(1, parts.toArray(new SDVariable[0]));
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(2, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scale", scale);
        config.put("similarity_fct", Similarities.matrixName(similarity));
        config.put("gather_across_devices", false);
        config.put("directions", directions.stream().map(Direction::pythonName).toList());
        config.put("partition_mode", partitionMode.pythonName());
        config.put("hardness_mode", hardnessMode == null ? null : hardnessMode.pythonName());
        config.put("hardness_strength", hardnessStrength);
        return config;
    }

    @Override
    public String citation() {
        Set<Direction> set = EnumSet.copyOf(directions);
        if (set.equals(EnumSet.allOf(Direction.class)) && partitionMode == PartitionMode.JOINT) {
            return Citations.GTE;
        }
        if (set.equals(EnumSet.of(Direction.QUERY_TO_DOC, Direction.DOC_TO_QUERY)) && partitionMode == PartitionMode.PER_DIRECTION) {
            return Citations.JINA2;
        }
        return Citations.INFO_NCE;
    }

    /** Builder with sentence-transformers' defaults. */
    public static class Builder {
        private double scale = 20.0;
        private SimilarityFunction similarity = SimilarityFunction.COSINE;
        private List<Direction> directions = List.of(Direction.QUERY_TO_DOC);
        private PartitionMode partitionMode = PartitionMode.JOINT;
        private HardnessMode hardnessMode;
        private double hardnessStrength = 0.0;

        public Builder scale(double scale) {
            this.scale = scale;
            return this;
        }

        public Builder similarity(SimilarityFunction similarity) {
            this.similarity = similarity;
            return this;
        }

        public Builder directions(Direction... directions) {
            this.directions = List.of(directions);
            return this;
        }

        public Builder partitionMode(PartitionMode partitionMode) {
            this.partitionMode = partitionMode;
            return this;
        }

        /** Hardness weighting; null (the default) disables it. */
        public Builder hardnessMode(HardnessMode hardnessMode) {
            this.hardnessMode = hardnessMode;
            return this;
        }

        public Builder hardnessStrength(double hardnessStrength) {
            this.hardnessStrength = hardnessStrength;
            return this;
        }

        public MultipleNegativesRankingLoss build() {
            return new MultipleNegativesRankingLoss(this);
        }
    }
}
