package io.github.batchaudience.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of a folder a user sees (not hidden: a writer's temporary names start with a dot), sorted. */
final class VisibleFiles {
    private VisibleFiles() {
    }

    /** None when there is no such folder. */
    static List<Path> in(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not list " + dir, e);
        }
        files.sort(null);
        return files;
    }
}
