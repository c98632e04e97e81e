package io.st4j.core.train.optim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameter groups the sentence-transformers trainer gives AdamW
 * ({@code SentenceTransformerTrainer.get_optimizer_cls_and_kwargs}).
 */
public final class ParameterGroups {

    /**
     * transformers' {@code Trainer.get_decay_parameter_names} name rules, applied to the lower-cased name:
     * biases and normalisation weights get no weight decay. They cover the {@code nn.LayerNorm} modules of the
     * supported architectures ({@code LayerNorm}, {@code sa_layer_norm}, {@code norm}, {@code attn_norm}, ...),
     * which the Trainer also excludes by module type.
     */
    private static final List<Pattern> NO_DECAY = List.of(
            Pattern.compile("bias"),
            Pattern.compile("layernorm"),
            Pattern.compile("rmsnorm"),
            Pattern.compile("(?:^|\\.)norm(?:$|\\.)"),
            Pattern.compile("_norm(?:$|\\.)"));

    private ParameterGroups() {
    }

    /** Whether the Trainer applies weight decay to the parameter of this (dotted, PyTorch-style) name. */
    public static boolean isDecayParameter(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NO_DECAY.stream().noneMatch(p -> p.matcher(lower).find());
    }

    /**
     * The trainer's groups: decayed parameters at {@code weightDecay}, the others at 0, all at
     * {@code learningRate}; then for each entry of {@code learningRateMapping} in its iteration order, the
     * parameters whose name contains a match of the regular expression ({@code re.search}) leave their group
     * and form new groups (decayed / not decayed) at the mapped rate, so a later pattern wins over an earlier
     * one. As in the Python trainer, the first two groups are always there (perhaps empty), so that group 0
     * carries the base rate the Trainer logs; a mapping adds a group only when it is non-empty at that point.
     *
     * @throws IllegalArgumentException when a pattern matches no parameter
     */
    public static List<ParameterGroup> forTrainer(Collection<String> parameterNames, double learningRate,
                                                  double weightDecay, Map<String, Double> learningRateMapping) {
        List<Draft> drafts = new ArrayList<>();
        drafts.add(new Draft(learningRate, weightDecay));
        drafts.add(new Draft(learningRate, 0.0));
        for (String name : parameterNames) {
            drafts.get(isDecayParameter(name) ? 0 : 1).names.add(name);
        }
        for (Map.Entry<String, Double> mapping : learningRateMapping.entrySet()) {
            Pattern pattern = Pattern.compile(mapping.getKey());
            List<String> matching = parameterNames.stream().filter(n -> pattern.matcher(n).find()).toList();
            if (matching.isEmpty()) {
                throw new IllegalArgumentException("No parameters found matching the pattern '" + mapping.getKey()
                        + "' of learningRateMapping in the model's " + parameterNames.size() + " parameters");
            }
            Set<String> moved = new HashSet<>(matching);
            drafts.forEach(d -> d.names.removeIf(moved::contains));
            Draft decayed = new Draft(mapping.getValue(), weightDecay);
            Draft notDecayed = new Draft(mapping.getValue(), 0.0);
            for (String name : matching) {
                (isDecayParameter(name) ? decayed : notDecayed).names.add(name);
            }
            for (Draft draft : List.of(decayed, notDecayed)) {
                if (!draft.names.isEmpty()) {
                    drafts.add(draft);
                }
            }
        }
        return drafts.stream().map(d -> new ParameterGroup(d.names, d.learningRate, d.weightDecay)).toList();
    }

    private static final class Draft {
        final List<String> names = new ArrayList<>();
        final double learningRate;
        final double weightDecay;

        Draft(double learningRate, double weightDecay) {
            this.learningRate = learningRate;
            this.weightDecay = weightDecay;
        }
    }
}
