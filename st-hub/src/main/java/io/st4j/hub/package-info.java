/**
 * The Hugging Face Hub for st4j: pull and push models and datasets over the Hub's HTTP protocol, sharing
 * huggingface_hub's cache on disk, and the model card.
 *
 * <ul>
 *   <li>{@link io.st4j.hub.HubClient}: repository info, tree listing, single-file and snapshot download
 *       into the cache ({@code models--org--name/{blobs,snapshots,refs}}), cache verification, repository
 *       creation and folder upload through the commit API. Configured by {@link io.st4j.hub.HubConfig}
 *       ({@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HOME}, {@code HF_HUB_OFFLINE}, ...).</li>
 *   <li>{@link io.st4j.hub.HubModelSource}: the {@code io.st4j.core.ModelSource} service, so that
 *       {@code SentenceTransformer.load("org/name")} pulls from the Hub.</li>
 *   <li>{@link io.st4j.hub.HubDatasets}: a dataset's config and split as an st-data {@code Dataset}
 *       ({@code load("sentence-transformers/all-nli", "pair-class", "train[:10000]")}), or its local data
 *       files ({@link io.st4j.hub.DatasetFiles}).</li>
 *   <li>{@link io.st4j.hub.ModelPush}: {@code push_to_hub}, a model saved with its card and committed.</li>
 *   <li>{@link io.st4j.hub.ModelCard} with {@link io.st4j.hub.SentenceTransformerModelCardData}: the
 *       {@code README.md} sentence-transformers writes, written with every save
 *       ({@link io.st4j.hub.HubModelCardWriter}); the trainer's {@link io.st4j.hub.ModelCardCallback} adds the
 *       training details ({@link io.st4j.hub.HubTrainerCallbacks}).</li>
 *   <li>{@link io.st4j.hub.PushToHubCallback}: the trainer's {@code pushToHub}.</li>
 * </ul>
 * Failures are {@link io.st4j.hub.HubException}s: typed per Hub error code, each naming the repository,
 * revision and file concerned. The token is sent only to the configured endpoint and is never logged.
 */
package io.st4j.hub;
