package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.util.Arrays;

import io.github.batchaudience.internal.support.ByteInput;
import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.internal.support.VarLong;

/**
 * One row of the sort, kept binary, in memory and in its run files alike:
 * {@code varint idLength, id (UTF-8), action (0 add, 1 remove), varint line, varint membersLength,
 * members}. A record read points into a buffer: its own for a file, the run's for memory.
 * IDs are ordered by their UTF-8 bytes, unsigned, which is the order of their code points.
 */
final class SortRecord {
    static final byte ADD = 0;
    static final byte REMOVE = 1;

    byte[] data;
    int idOffset;
    int idLength;
    boolean add;
    long line;
    int membersOffset;
    int membersLength;
    private byte[] own = new byte[256];

    /** Points at the record at {@code position} of {@code bytes}; returns where the next one starts. */
    int decode(byte[] bytes, int position) {
        data = bytes;
        int p = position;
        idLength = (int) VarLong.at(bytes, p);
        idOffset = p + VarLong.size(idLength);
        p = idOffset + idLength;
        add = bytes[p++] == ADD;
        line = VarLong.at(bytes, p);
        p += VarLong.size(line);
        membersLength = (int) VarLong.at(bytes, p);
        membersOffset = p + VarLong.size(membersLength);
        return membersOffset + membersLength;
    }

    /** Reads the next record of a run file into this one's own buffer; false at the end. */
    boolean read(ByteInput in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        int ids = first < 0x80 ? first : (int) ((in.readVarLong() << 7) | (first & 0x7f));
        if (own.length < ids) {
            own = new byte[Math.max(ids, own.length * 2)];
        }
        data = own;
        in.readFully(data, 0, ids);
        idOffset = 0;
        idLength = ids;
        add = in.read() == ADD;
        line = in.readVarLong();
        int members = (int) in.readVarLong();
        if (own.length < ids + members) {
            own = Arrays.copyOf(own, Math.max(ids + members, own.length * 2));
            data = own;
        }
        in.readFully(data, ids, members);
        membersOffset = ids;
        membersLength = members;
        return true;
    }

    void writeTo(ByteSink out) {
        encode(out, data, idOffset, idLength, add, line, data, membersOffset, membersLength);
    }

    static void encode(ByteSink out, byte[] id, int idOffset, int idLength, boolean add, long line,
                       byte[] members, int membersOffset, int membersLength) {
        VarLong.write(out, idLength);
        out.write(id, idOffset, idLength);
        out.write(add ? ADD : REMOVE);
        VarLong.write(out, line);
        VarLong.write(out, membersLength);
        out.write(members, membersOffset, membersLength);
    }

    /** The most bytes a record of these lengths takes. */
    static int maxSize(int idLength, int membersLength) {
        return idLength + membersLength + 5 + 1 + 10 + 5;
    }

    int compareId(SortRecord other) {
        return Arrays.compareUnsigned(data, idOffset, idOffset + idLength,
                                      other.data, other.idOffset, other.idOffset + other.idLength);
    }

    boolean sameId(SortRecord other) {
        return Arrays.equals(data, idOffset, idOffset + idLength,
                             other.data, other.idOffset, other.idOffset + other.idLength);
    }

    /** Takes a copy of the other record, in this one's own buffer. */
    void copyFrom(SortRecord other) {
        int size = other.idLength + other.membersLength;
        if (own.length < size) {
            own = new byte[Math.max(size, own.length * 2)];
        }
        System.arraycopy(other.data, other.idOffset, own, 0, other.idLength);
        System.arraycopy(other.data, other.membersOffset, own, other.idLength, other.membersLength);
        data = own;
        idOffset = 0;
        idLength = other.idLength;
        membersOffset = other.idLength;
        membersLength = other.membersLength;
        add = other.add;
        line = other.line;
    }
}
