package io.github.batchaudience.integration.state;

import java.nio.file.Path;

import javax.sql.DataSource;

/** The integration's state: files in one folder, or the shared database ({@link StateSetup}). */
public final class StateBackend {
    private final Path directory;
    private final StateDatabase database;

    private StateBackend(Path directory, StateDatabase database) {
        this.directory = directory;
        this.database = database;
    }

    static StateBackend files(Path directory) {
        return new StateBackend(directory, null);
    }

    static StateBackend database(StateDatabase database) {
        return new StateBackend(null, database);
    }

    /** The records of one kind: {@code STATE/KIND/NAME.KIND.json} files, or rows of that kind. */
    public StateRecords records(String kind) {
        return database == null ? new FileStateRecords(directory.resolve(kind), kind)
                : new JdbcStateRecords(database.dataSource(), kind);
    }

    /** The shared database, or null when the state is in files. */
    public DataSource dataSource() {
        return database == null ? null : database.dataSource();
    }
}
