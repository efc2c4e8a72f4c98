package io.github.batchaudience.internal.input;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.Attributes;
import io.github.batchaudience.model.IdOperation;

/**
 * CSV rows: a header; {@code id} required; optional {@code action} and
 * {@code tags} ({@code |}-separated); every other column an attribute named by its header,
 * typed by a {@code :int}, {@code :float} or {@code :bool} suffix; an empty cell means no
 * attribute. A {@code date(…)} cell of digits only is taken as epoch seconds.
 */
final class CsvOperationSource implements OperationSource {
    private enum Kind { ID, ACTION, TAGS, STRING, INT, FLOAT, BOOL, DATE }

    private final String name;
    private final Closeable stream;
    private final CsvRecords records;
    private Kind[] kinds;
    private String[] attributeNames;
    private String[] headers;
    private int idColumn;
    private boolean distinctAttributeNames;
    private String[] allAttributeNames;
    private String[] rowNames;
    private Object[] rowValues;

    CsvOperationSource(String name, LineReader lines, Closeable stream) {
        this.name = name;
        this.stream = stream;
        this.records = new CsvRecords(lines);
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public InputRow next() throws IOException {
        if (kinds == null) {
            readHeader();
            if (kinds == null) {
                return null;
            }
        }
        CsvRecords.Record record = records.next();
        if (record == null) {
            return null;
        }
        if (record.error != null) {
            return InputRow.rejected(record.line, null, record.error);
        }
        List<String> fields = record.fields;
        String id = idColumn < fields.size() ? fields.get(idColumn) : null;
        if (fields.size() != kinds.length) {
            return InputRow.rejected(record.line, id, "expected " + kinds.length + " columns, found " + fields.size());
        }
        Action action = Action.ADD;
        List<String> tags = null;
        int attributeCount = 0;
        for (int c = 0; c < kinds.length; c++) {
            String cell = fields.get(c);
            try {
                switch (kinds[c]) {
                    case ID:
                        break;
                    case ACTION:
                        action = Action.parse(cell);
                        break;
                    case TAGS:
                        if (!cell.isEmpty()) {
                            tags = cell.indexOf('|') < 0 ? List.of(cell) : List.of(cell.split("\\|", -1));
                        }
                        break;
                    default:
                        if (!cell.isEmpty()) {
                            rowNames[attributeCount] = attributeNames[c];
                            rowValues[attributeCount++] = typed(kinds[c], cell.trim(), cell);
                        }
                }
            } catch (IllegalArgumentException e) {
                return InputRow.rejected(record.line, id, "column " + headers[c] + ": " + e.getMessage());
            }
        }
        return InputRow.accepted(record.line, new IdOperation(id, action, attributes(attributeCount), tags));
    }

    /**
     * The row's attributes, held in two arrays. Two columns may name one attribute ({@code a:int}
     * and {@code a}): then, as with a Map, the last value wins at the first one's place.
     */
    private Map<String, Object> attributes(int count) {
        if (count == 0) {
            return null;
        }
        if (distinctAttributeNames) {
            // A row with every attribute column filled, the usual case, shares the header's names.
            return count == allAttributeNames.length ? Attributes.withSharedNames(allAttributeNames, rowValues)
                    : Attributes.of(rowNames, rowValues, count);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(rowNames[i], rowValues[i]);
        }
        return attributes;
    }

    private static Object typed(Kind kind, String trimmed, String raw) {
        switch (kind) {
            case INT:
                try {
                    return Long.parseLong(trimmed);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' is not an integer");
                }
            case FLOAT:
                try {
                    return Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' is not a number");
                }
            case BOOL:
                if (trimmed.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (trimmed.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("'" + raw + "' is not true or false");
            case DATE:
                return !trimmed.isEmpty() && trimmed.chars().allMatch(ch -> ch >= '0' && ch <= '9') && trimmed.length() < 19
                        ? (Object) Long.parseLong(trimmed) : raw;
            default:
                return raw;
        }
    }

    private void readHeader() throws IOException {
        CsvRecords.Record header = records.next();
        if (header == null) {
            return;
        }
        if (header.error != null) {
            throw new InputException(name, header.line, "the header cannot be read: " + header.error);
        }
        List<String> columns = header.fields;
        Kind[] k = new Kind[columns.size()];
        String[] names = new String[columns.size()];
        Set<String> seen = new HashSet<>();
        idColumn = -1;
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c).trim();
            if (column.isEmpty()) {
                throw new InputException(name, header.line, "column " + (c + 1) + " of the header has no name");
            }
            if (!seen.add(column)) {
                throw new InputException(name, header.line, "column '" + column + "' appears twice in the header");
            }
            String lower = column.toLowerCase(Locale.ROOT);
            if (lower.equals("id")) {
                k[c] = Kind.ID;
                idColumn = c;
            } else if (lower.equals("action")) {
                k[c] = Kind.ACTION;
            } else if (lower.equals("tags")) {
                k[c] = Kind.TAGS;
            } else {
                int colon = column.lastIndexOf(':');
                String attribute = column;
                Kind kind = Kind.STRING;
                if (colon > 0) {
                    String type = column.substring(colon + 1).toLowerCase(Locale.ROOT);
                    kind = type.equals("int") ? Kind.INT : type.equals("float") ? Kind.FLOAT
                            : type.equals("bool") ? Kind.BOOL : null;
                    if (kind == null) {
                        throw new InputException(name, header.line, "column '" + column + "': unknown type '" + type
                                                                    + "' (int, float or bool)");
                    }
                    attribute = column.substring(0, colon);
                }
                if (kind == Kind.STRING && attribute.startsWith("date(")) {
                    kind = Kind.DATE;
                }
                k[c] = kind;
                names[c] = attribute;
            }
        }
        if (idColumn < 0) {
            throw new InputException(name, header.line, "the header has no 'id' column (found: " + String.join(", ", columns)
                                                        + ")");
        }
        headers = columns.toArray(new String[0]);
        attributeNames = names;
        Set<String> distinct = new HashSet<>();
        distinctAttributeNames = Arrays.stream(names).filter(n -> n != null).allMatch(distinct::add);
        allAttributeNames = Arrays.stream(names).filter(n -> n != null).toArray(String[]::new);
        rowNames = new String[columns.size()];
        rowValues = new Object[columns.size()];
        kinds = k;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
