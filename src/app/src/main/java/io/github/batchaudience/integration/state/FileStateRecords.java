package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Records as checksummed state files ({@link StateFiles}), one per name, in one folder. */
final class FileStateRecords implements StateRecords {
    private final Path directory;
    private final String suffix;

    /** @param kind the files' suffix: {@code NAME.KIND.json} */
    FileStateRecords(Path directory, String kind) {
        this.directory = directory;
        this.suffix = "." + kind + ".json";
    }

    @Override
    public void put(String name, Object value) throws IOException {
        StateFiles.write(path(name), value);
    }

    @Override
    public void putRebuildable(String name, Object value) throws IOException {
        StateFiles.write(path(name), value, false);
    }

    @Override
    public <T> T get(String name, Class<T> type) throws IOException {
        Path path = path(name);
        try {
            return StateFiles.read(path, type);
        } catch (NoSuchFileException e) {
            // None, or removed since it was listed (the status route drops a file's tokens once applied).
            return null;
        } catch (StateFiles.DamagedException e) {
            Path aside = StateFiles.setAside(path);
            throw new StateRecords.DamagedException(e.getMessage() + "; set aside as " + aside.getFileName(), e);
        }
    }

    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path path : files) {
                String file = path.getFileName().toString();
                names.add(file.substring(0, file.length() - suffix.length()));
            }
        }
        return names;
    }

    @Override
    public void remove(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    @Override
    public List<String> namesWrittenSince(long epochMillis) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : names()) {
            Path path = path(name);
            if (Files.exists(path) && Files.getLastModifiedTime(path).toMillis() >= epochMillis) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public void removeWrittenBefore(long epochMillis) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path p : files) {
                if (Files.getLastModifiedTime(p).toMillis() < epochMillis) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path path(String name) {
        return directory.resolve(name + suffix);
    }
}
