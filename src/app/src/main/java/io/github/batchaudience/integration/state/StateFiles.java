package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.batchaudience.internal.support.AtomicFiles;

/**
 * The integration's state files (the indexing tokens of each file), trusted only when whole: the
 * JSON, then a last line {@code #sha256=HEX} of the JSON's bytes. A file cut short, altered or
 * written without it is damaged, and set aside rather than read.
 */
final class StateFiles {
    private static final String TRAILER = "\n#sha256=";

    private StateFiles() {
    }

    /** A state file that failed its check: where, and why. */
    static final class DamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        private final transient Path path;
        private final String reason;

        DamagedException(Path path, String reason, Throwable cause) {
            super(path + " is damaged: " + reason, cause);
            this.path = path;
            this.reason = reason;
        }

        Path path() {
            return path;
        }

        String reason() {
            return reason;
        }
    }

    static void write(Path target, Object value) throws IOException {
        write(target, value, true);
    }

    /** @param durable false: not forced to disk ({@link AtomicFiles#replace}) */
    static void write(Path target, Object value, boolean durable) throws IOException {
        byte[] json = StateJson.MAPPER.writeValueAsBytes(value);
        byte[] trailer = (TRAILER + HexFormat.of().formatHex(sha256(json)) + "\n").getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.Content content = out -> {
            out.write(json);
            out.write(trailer);
        };
        if (durable) {
            AtomicFiles.write(target, content);
        } else {
            AtomicFiles.replace(target, content);
        }
    }

    static <T> T read(Path path, Class<T> type) throws IOException {
        byte[] all = Files.readAllBytes(path);
        String text = new String(all, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(TRAILER);
        if (at < 0) {
            throw new DamagedException(path, "it has no checksum line (cut short, or written by an earlier version)",
                                       null);
        }
        byte[] json = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        String expected = text.substring(at + TRAILER.length()).trim();
        if (!expected.equals(HexFormat.of().formatHex(sha256(json)))) {
            throw new DamagedException(path, "its checksum does not match its content", null);
        }
        try {
            return StateJson.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new DamagedException(path, "it is not the JSON expected (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Renames a damaged file out of the way ({@code NAME.damaged}), so that it is kept for a look but never read again. */
    static Path setAside(Path path) throws IOException {
        return Files.move(path, path.resolveSibling(path.getFileName() + ".damaged"),
                          StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
