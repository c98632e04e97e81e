package io.st4j.examples.cli;

import io.st4j.core.train.Loss;
import io.st4j.losses.AnglELoss;
import io.st4j.losses.CoSENTLoss;
import io.st4j.losses.ContrastiveLoss;
import io.st4j.losses.CosineSimilarityLoss;
import io.st4j.losses.MSELoss;
import io.st4j.losses.MarginMSELoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import io.st4j.losses.MultipleNegativesSymmetricRankingLoss;
import io.st4j.losses.OnlineContrastiveLoss;
import io.st4j.losses.TripletLoss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The losses the command line trains with, by their sentence-transformers names, with default arguments. */
final class LossCatalog {

    private static final Map<String, Supplier<Loss>> LOSSES = new LinkedHashMap<>();

    static {
        LOSSES.put("MultipleNegativesRankingLoss", MultipleNegativesRankingLoss::new);
        LOSSES.put("MultipleNegativesSymmetricRankingLoss", MultipleNegativesSymmetricRankingLoss::new);
        LOSSES.put("CoSENTLoss", CoSENTLoss::new);
        LOSSES.put("AnglELoss", AnglELoss::new);
        LOSSES.put("CosineSimilarityLoss", CosineSimilarityLoss::new);
        LOSSES.put("ContrastiveLoss", ContrastiveLoss::new);
        LOSSES.put("OnlineContrastiveLoss", OnlineContrastiveLoss::new);
        LOSSES.put("TripletLoss", TripletLoss::new);
        LOSSES.put("MSELoss", MSELoss::new);
        LOSSES.put("MarginMSELoss", MarginMSELoss::new);
    }

    private LossCatalog() {
    }

    static Loss byName(String name) {
        Supplier<Loss> loss = LOSSES.get(name);
        if (loss == null) {
            throw new IllegalArgumentException("unknown loss '" + name + "'; the command line offers " + LOSSES.keySet());
        }
        return loss.get();
    }
}
