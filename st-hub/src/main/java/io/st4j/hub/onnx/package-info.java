/**
 * Importing transformer weights from ONNX exports: {@link io.st4j.hub.onnx.OnnxBertImporter} reads a
 * BERT-family export into Hugging Face {@code BertModel} weights and {@code config.json} values.
 */
package io.st4j.hub.onnx;
