package io.github.batchaudience.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The attributes of one element as an immutable, ordered Map held in two arrays: a row of a
 * file gets its attributes without a hash table of its own, and {@link IdOperation} keeps them
 * without copying. Built for a handful of attributes (the API allows 15), so look-ups are a scan.
 */
public final class Attributes extends AbstractMap<String, Object> {
    private final String[] names;
    private final Object[] values;

    private Attributes(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The first {@code size} names and values, in this order; names must be distinct. The
     * arrays are copied, so the caller may reuse them.
     */
    public static Attributes of(String[] names, Object[] values, int size) {
        return new Attributes(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
    }

    /**
     * These names and the first {@code names.length} values. The names array is kept as it is,
     * so rows with the same attributes share it: the caller never changes it.
     */
    public static Attributes withSharedNames(String[] names, Object[] values) {
        return new Attributes(names, Arrays.copyOf(values, names.length));
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return names.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }
        };
    }
}
