package io.github.batchaudience.internal.batching;

import java.io.IOException;

import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.internal.support.VarLong;
import io.github.batchaudience.model.Action;

/**
 * The binary form of a serialised element, one record after another: {@code action (0 add,
 * 1 remove), varint line, varint idLength, id (UTF-8), varint membersLength, members}. Elements
 * take it from the reading thread to the storing one ({@link ElementBlock}) and in the spool's
 * partitions ({@link OperationSpool}).
 */
final class ElementRecords {
    private ElementRecords() {
    }

    static void write(ByteSink out, byte[] id, int idOffset, int idLength, Action action, long line, byte[] members,
                      int membersOffset, int membersLength) {
        out.write(action == Action.ADD ? 0 : 1);
        VarLong.write(out, line);
        VarLong.write(out, idLength);
        out.write(id, idOffset, idLength);
        VarLong.write(out, membersLength);
        out.write(members, membersOffset, membersLength);
    }

    /** Hands each record of {@code data}'s first {@code length} bytes to the sink, in order. */
    static void read(byte[] data, int length, RowSink sink) throws IOException {
        int p = 0;
        while (p < length) {
            Action action = data[p++] == 0 ? Action.ADD : Action.REMOVE;
            long line = VarLong.at(data, p);
            p += VarLong.size(line);
            int idLength = (int) VarLong.at(data, p);
            p += VarLong.size(idLength);
            int idOffset = p;
            p += idLength;
            int membersLength = (int) VarLong.at(data, p);
            p += VarLong.size(membersLength);
            sink.accept(data, idOffset, idLength, action, line, p, membersLength);
            p += membersLength;
        }
    }
}
