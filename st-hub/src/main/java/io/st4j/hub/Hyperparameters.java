package io.st4j.hub;

import io.st4j.core.io.Json;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainingPrompts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The training arguments as the model card lists them: by their Python (snake_case) names, with values
 * printed as Python prints them ({@code True}, {@code None}, {@code 5e-05}, {@code linear}).
 */
final class Hyperparameters {

    /**
     * The arguments sentence-transformers' card leaves out (its {@code ModelCardCallback}'s ignored keys):
     * where and when the run writes, logs and evaluates, its name, and the Hub token.
     */
    private static final Set<String> NOT_HYPERPARAMETERS = Set.of("outputDir", "loggingSteps", "evalSteps",
            "saveStrategy", "saveSteps", "saveTotalLimit", "metricForBestModel", "greaterIsBetter", "runName",
            "hubToken");

    private Hyperparameters() {
    }

    /** Every argument, in the record's order. */
    static Map<String, String> all(SentenceTransformerTrainingArguments args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent component : SentenceTransformerTrainingArguments.class.getRecordComponents()) {
            if (!NOT_HYPERPARAMETERS.contains(component.getName())) {
                out.put(snakeCase(component.getName()), pythonValue(value(component, args)));
            }
        }
        return out;
    }

    /** The arguments whose value differs from the builder's default. */
    static Map<String, String> nonDefault(SentenceTransformerTrainingArguments args) {
        SentenceTransformerTrainingArguments defaults = SentenceTransformerTrainingArguments.builder(args.outputDir())
                .build();
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent component : SentenceTransformerTrainingArguments.class.getRecordComponents()) {
            Object value = value(component, args);
            if (!NOT_HYPERPARAMETERS.contains(component.getName())
                    && !Objects.equals(value, value(component, defaults))) {
                out.put(snakeCase(component.getName()), pythonValue(value));
            }
        }
        return out;
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static String pythonValue(Object value) {
        if (value == null || value == TrainingPrompts.NONE) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return Json.dumps(value);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder dict = new StringBuilder("{");
            map.forEach((k, v) -> dict.append(dict.length() > 1 ? ", " : "").append(ModelCard.pythonRepr(k.toString()))
                    .append(": ").append(pythonValue(v)));
            return dict.append('}').toString();
        }
        return value.toString();
    }

    private static Object value(RecordComponent component, SentenceTransformerTrainingArguments args) {
        try {
            return component.getAccessor().invoke(args);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read training argument " + component.getName(), e);
        }
    }
}
