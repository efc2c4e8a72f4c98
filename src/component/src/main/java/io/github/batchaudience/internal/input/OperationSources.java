package io.github.batchaudience.internal.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.github.batchaudience.InputFormat;
import io.github.batchaudience.model.IdOperation;
import org.apache.camel.WrappedFile;

/**
 * Opens any supported body as a stream of rows: text (CSV, JSON Lines or a Batch JSON payload,
 * gzip or not) as a String, bytes, a stream, a file or a path, or ID operations as objects.
 */
public final class OperationSources {
    private static final int SNIFF_BYTES = 64;

    private OperationSources() {
    }

    /**
     * @param body       the message body
     * @param format     the text format, or auto
     * @param sourceName what messages call the input; null to derive it from the body
     */
    public static OperationSource open(Object body, InputFormat format, String sourceName) throws IOException {
        InputFormat f = format == null ? InputFormat.auto : format;
        // A file or FTP consumer's body (GenericFile), seen through camel-api's interface so that
        // the component needs no file component on its class path.
        if (body instanceof WrappedFile) {
            WrappedFile<?> file = (WrappedFile<?>) body;
            Object content = file.getBody() != null ? file.getBody() : file.getFile();
            return open(content, f, sourceName);
        }
        if (body instanceof File) {
            File file = (File) body;
            return text(Files.newInputStream(file.toPath()), f, sourceName != null ? sourceName : file.getName());
        }
        if (body instanceof Path) {
            Path path = (Path) body;
            return text(Files.newInputStream(path), f, sourceName != null ? sourceName : path.getFileName().toString());
        }
        String name = sourceName != null ? sourceName : "message body";
        if (body instanceof String) {
            return text(new ByteArrayInputStream(((String) body).getBytes(StandardCharsets.UTF_8)), f, name);
        }
        if (body instanceof byte[]) {
            return text(new ByteArrayInputStream((byte[]) body), f, name);
        }
        if (body instanceof InputStream) {
            return text((InputStream) body, f, name);
        }
        if (body instanceof Iterable) {
            return new ObjectOperationSource(name, ((Iterable<?>) body).iterator());
        }
        if (body instanceof Iterator) {
            return new ObjectOperationSource(name, (Iterator<?>) body);
        }
        if (body instanceof IdOperation || body instanceof Map) {
            return new ObjectOperationSource(name, Collections.singletonList(body).iterator());
        }
        if (body == null) {
            return new ObjectOperationSource(name, List.of().iterator());
        }
        throw new InputException(name, 0, "cannot read a body of type " + body.getClass().getName()
                                          + " (expected text, bytes, a stream, a file, or ID operations)");
    }

    private static OperationSource text(InputStream raw, InputFormat format, String name) throws IOException {
        try {
            InputStream in = decompressed(new BufferedInputStream(raw, 1 << 16), name);
            InputFormat chosen = format;
            boolean payload = false;
            if (format == InputFormat.auto) {
                String base = baseName(name);
                if (base.endsWith(".csv")) {
                    chosen = InputFormat.csv;
                } else if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) {
                    chosen = InputFormat.jsonl;
                } else if (base.endsWith(".json")) {
                    payload = true;
                } else {
                    String start = peek(in);
                    payload = start.startsWith("[") || start.matches("(?s)\\{\\s*\"ids\"\\s*:.*");
                    chosen = start.startsWith("{") ? InputFormat.jsonl : InputFormat.csv;
                }
            }
            if (payload) {
                return new PayloadOperationSource(name, in);
            }
            LineReader lines = new LineReader(new GzipErrors(in, name), LineReader.DEFAULT_MAX_LINE_BYTES);
            return chosen == InputFormat.jsonl ? new JsonLinesOperationSource(name, lines, in)
                    : new CsvOperationSource(name, lines, in);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static String baseName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    }

    /** Gzip is recognised by its magic bytes; a name ending .gz on anything else is an error. */
    private static InputStream decompressed(BufferedInputStream in, String name) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        if (gzip) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new InputException(name, 0, "the gzip data is corrupt: " + e.getMessage(), e);
            }
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            throw new InputException(name, 0, "the file is named .gz but is not gzip-compressed");
        }
        return in;
    }

    /** The first non-blank characters (after a BOM), without consuming them. */
    private static String peek(InputStream in) throws IOException {
        in.mark(SNIFF_BYTES * 16);
        byte[] head = in.readNBytes(SNIFF_BYTES * 16);
        in.reset();
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        return text.length() > SNIFF_BYTES ? text.substring(0, SNIFF_BYTES) : text;
    }

    /** Turns a truncated or corrupt gzip stream into an InputException naming the input. */
    private static final class GzipErrors extends FilterInputStream {
        private final String name;

        GzipErrors(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw new InputException(name, 0, "the gzip data is corrupt or truncated: " + e.getMessage(), e);
            }
        }
    }
}
