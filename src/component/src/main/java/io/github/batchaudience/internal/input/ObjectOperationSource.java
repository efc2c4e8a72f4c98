package io.github.batchaudience.internal.input;

import java.util.Iterator;

/** A List, an Iterator or a single element, consumed lazily. */
final class ObjectOperationSource implements OperationSource {
    private final String name;
    private final Iterator<?> elements;
    private long index;

    ObjectOperationSource(String name, Iterator<?> elements) {
        this.name = name;
        this.elements = elements;
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public InputRow next() {
        if (!elements.hasNext()) {
            return null;
        }
        return ElementParser.fromObject(++index, elements.next());
    }

    @Override
    public void close() {
        // Nothing held open: the caller owns the collection.
    }
}
