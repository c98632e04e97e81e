# Writes the pyarrow fixtures read by ParquetLoaderTest (pyarrow 25.0.1, as Hugging Face datasets writes Parquet).
# Run: python make_fixtures.py   (needs pyarrow; the generated files are committed)
import pyarrow as pa
import pyarrow.parquet as pq

table = pa.table({
    "anchor": pa.array(["What is st4j?", "Ein Satz mit Umlauten: äöü", "日本語", "", "quote \" and\ttab"],
                       type=pa.large_string()),
    "positive": ["Sentence Transformers for Java.", "Ja.", "はい", "empty anchor", "x"],
    "score": pa.array([0.5, 1.0, 0.0, 4.909, -1.25], type=pa.float64()),
    "label": pa.array([1, 0, 2, 1, 0], type=pa.int64()),
    "small": pa.array([1, 2, 3, 4, 5], type=pa.int8()),
    "flag": [True, False, True, True, False],
    "emb": pa.array([[0.5, 1.5], [], [2.0], [1.0, 2.0, 3.0], [-0.25]], type=pa.list_(pa.float32())),
    "fixed": pa.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [9.0, 10.0]],
                      type=pa.list_(pa.float64(), 2)),
})
for codec in ("snappy", "zstd"):
    pq.write_table(table, f"pyarrow-{codec}.parquet", compression=codec)
