/**
 * The evaluators of sentence-transformers, by the same names, with the same arguments (as builders), defaults,
 * metric keys (prefixed with the evaluator's name), primary metrics and CSV result files. Each implements
 * {@link io.st4j.core.train.Evaluator} and takes its embeddings from a {@link io.st4j.core.SentenceEncoder}:
 * {@link io.st4j.evaluation.EmbeddingSimilarityEvaluator}, {@link io.st4j.evaluation.BinaryClassificationEvaluator},
 * {@link io.st4j.evaluation.TripletEvaluator}, {@link io.st4j.evaluation.InformationRetrievalEvaluator},
 * {@link io.st4j.evaluation.NanoBEIREvaluator}, {@link io.st4j.evaluation.RerankingEvaluator},
 * {@link io.st4j.evaluation.ParaphraseMiningEvaluator}, {@link io.st4j.evaluation.TranslationEvaluator},
 * {@link io.st4j.evaluation.MSEEvaluator}, {@link io.st4j.evaluation.MSEEvaluatorFromDataFrame},
 * {@link io.st4j.evaluation.LabelAccuracyEvaluator} (with a
 * {@link io.st4j.evaluation.PairClassifier}, e.g. a SoftmaxLoss head) and
 * {@link io.st4j.evaluation.SequentialEvaluator}.
 *
 * <p>Evaluating files from the command line takes one line each:
 * <pre>{@code
 * // st4j evaluate sts --model DIR --data FILE.tsv [--score-scale 5]
 * Map<String, Double> sts = StsData.read(file, scoreScale).evaluator().build().evaluate(model, null, -1, -1);
 * // st4j evaluate ir --model DIR --queries FILE --corpus FILE --qrels FILE
 * Map<String, Double> ir = BeirData.read(queries, corpus, qrels).evaluator().build().evaluate(model, null, -1, -1);
 * }</pre>
 */
package io.st4j.evaluation;
