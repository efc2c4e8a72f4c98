package io.github.batchaudience;

/** The format of a text body. */
public enum InputFormat {
    /** From the file name (.csv, .jsonl, .ndjson, .json, optionally .gz), else from the first bytes. */
    auto,
    csv,
    jsonl
}
