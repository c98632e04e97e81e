package io.st4j.losses;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import java.util.Map;

/** Builds the Java loss for a reference case from its sentence-transformers class name and arguments. */
final class ReferenceLosses {

    private ReferenceLosses() {
    }

    static Loss create(JsonNode c, JsonNode inputs) {
        return create(c.get("loss_class").asText(), c.get("kwargs"), inputs);
    }

    static Loss create(String cls, JsonNode kw, JsonNode inputs) {
        switch (cls) {
            case "MultipleNegativesRankingLoss":
                return new MultipleNegativesRankingLoss(kw.get("scale").asDouble(), similarity(kw));
            case "MultipleNegativesSymmetricRankingLoss":
                return new MultipleNegativesSymmetricRankingLoss(kw.get("scale").asDouble(), similarity(kw));
            case "CachedMultipleNegativesRankingLoss":
                return new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder()
                        .scale(kw.get("scale").asDouble()).similarity(similarity(kw)), kw.get("mini_batch_size").asInt());
            case "CachedMultipleNegativesSymmetricRankingLoss":
                return new CachedMultipleNegativesSymmetricRankingLoss(kw.get("scale").asDouble(), similarity(kw), kw.get("mini_batch_size").asInt());
            case "CoSENTLoss":
                return new CoSENTLoss(kw.get("scale").asDouble(), similarity(kw));
            case "AnglELoss":
                return new AnglELoss(kw.get("scale").asDouble());
            case "CosineSimilarityLoss":
                return new CosineSimilarityLoss();
            case "TripletLoss":
                return new TripletLoss(TripletDistanceMetric.valueOf(kw.get("distance_metric").asText()), kw.get("triplet_margin").asDouble());
            case "ContrastiveLoss":
                return new ContrastiveLoss(SiameseDistanceMetric.valueOf(kw.get("distance_metric").asText()),
                        kw.get("margin").asDouble(), kw.get("size_average").asBoolean());
            case "OnlineContrastiveLoss":
                return new OnlineContrastiveLoss(SiameseDistanceMetric.valueOf(kw.get("distance_metric").asText()), kw.get("margin").asDouble());
            case "SoftmaxLoss": {
                SoftmaxLoss loss = new SoftmaxLoss(16, kw.get("num_labels").asInt());
                JsonNode classifier = inputs.get("softmax_classifier");
                loss.setClassifier(Json.array(classifier.get("weight")), Json.array(classifier.get("bias")));
                return loss;
            }
            case "MSELoss":
                return new MSELoss();
            case "MarginMSELoss":
                return new MarginMSELoss(similarity(kw));
            case "BatchAllTripletLoss":
                return new BatchAllTripletLoss(batchDistance(kw), kw.get("margin").asDouble());
            case "BatchHardTripletLoss":
                return new BatchHardTripletLoss(batchDistance(kw), kw.get("margin").asDouble());
            case "BatchSemiHardTripletLoss":
                return new BatchSemiHardTripletLoss(batchDistance(kw), kw.get("margin").asDouble());
            case "BatchHardSoftMarginTripletLoss":
                return new BatchHardSoftMarginTripletLoss(batchDistance(kw));
            case "MatryoshkaLoss": {
                Loss inner = create(kw.get("loss").asText(), kw.get("loss_kwargs"), inputs);
                int[] dims = new int[kw.get("matryoshka_dims").size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = kw.get("matryoshka_dims").get(i).asInt();
                }
                double[] weights = kw.get("matryoshka_weights").isNull() ? null : Json.flatten(kw.get("matryoshka_weights"));
                return new MatryoshkaLoss(inner, dims, weights, kw.get("n_dims_per_step").asInt());
            }
            case "GISTEmbedLoss":
                return new GISTEmbedLoss("guide", kw.get("temperature").asDouble(),
                        GISTEmbedLoss.MarginStrategy.valueOf(kw.get("margin_strategy").asText().toUpperCase()),
                        kw.get("margin").asDouble(), kw.get("contrast_anchors").asBoolean(), kw.get("contrast_positives").asBoolean());
            case "CachedGISTEmbedLoss":
                return new CachedGISTEmbedLoss("guide", kw.get("temperature").asDouble(),
                        GISTEmbedLoss.MarginStrategy.valueOf(kw.get("margin_strategy").asText().toUpperCase()),
                        kw.get("margin").asDouble(), kw.get("contrast_anchors").asBoolean(), kw.get("contrast_positives").asBoolean(),
                        kw.get("mini_batch_size").asInt());
            case "MegaBatchMarginLoss":
                return new MegaBatchMarginLoss(kw.get("positive_margin").asDouble(), kw.get("negative_margin").asDouble(),
                        kw.get("use_mini_batched_version").asBoolean(), kw.has("mini_batch_size") ? kw.get("mini_batch_size").asInt() : 50);
            case "DistillKLDivLoss":
                return new DistillKLDivLoss(similarity(kw), kw.get("temperature").asDouble());
            case "ContrastiveTensionLossInBatchNegatives":
                return new ContrastiveTensionLossInBatchNegatives(kw.get("scale").asDouble(), similarity(kw));
            case "ContrastiveTensionLoss":
                return new ContrastiveTensionLoss();
            default:
                throw new IllegalArgumentException("no Java loss for reference class " + cls);
        }
    }

    /** Reference parameter-gradient names mapped to the loss's graph variable names. */
    static Map<String, String> parameterNames(Loss loss) {
        if (loss instanceof SoftmaxLoss) {
            return Map.of("classifier.weight", SoftmaxLoss.WEIGHT, "classifier.bias", SoftmaxLoss.BIAS);
        }
        if (loss instanceof ContrastiveTensionLossInBatchNegatives) {
            return Map.of("logit_scale", ContrastiveTensionLossInBatchNegatives.LOGIT_SCALE);
        }
        return Map.of();
    }

    private static SimilarityFunction similarity(JsonNode kw) {
        String name = kw.get("similarity_fct").asText().replace("pairwise_", "");
        switch (name) {
            case "cos_sim":
                return SimilarityFunction.COSINE;
            case "dot_score":
                return SimilarityFunction.DOT;
            default:
                throw new IllegalArgumentException("unknown similarity_fct " + name);
        }
    }

    private static BatchHardTripletLossDistanceFunction batchDistance(JsonNode kw) {
        String name = kw.get("distance_metric").asText();
        return name.equals("cosine_distance") ? BatchHardTripletLossDistanceFunction.COSINE_DISTANCE
                : BatchHardTripletLossDistanceFunction.EUCLIDEAN_DISTANCE;
    }
}
