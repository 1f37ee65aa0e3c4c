package dev.tideway.internal.engine.ops;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list that grows by chunks of {@value #CHUNK} elements and never copies what it holds to grow: an
 * {@code ArrayList} copies all its elements at each growth, which for the hot keys of a join (a join
 * key with millions of rows on one side) means allocating and copying arrays of millions of references
 * again and again. The first chunk grows as an {@code ArrayList} does up to {@value #CHUNK} (a small
 * list stays small); every chunk but the last is full, so {@link #get} is two array reads. Removing
 * shifts the rest of its chunk and moves one element per following chunk. Not thread-safe.
 *
 * @param <E> the element type
 */
final class ChunkedList<E> extends AbstractList<E> implements RandomAccess {
    static final int CHUNK = 1024;
    private static final int SHIFT = 10;
    private static final int MASK = CHUNK - 1;

    private Object[][] chunks = {new Object[4]};
    private int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) chunks[index >>> SHIFT][index & MASK];
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        Objects.checkIndex(index, size);
        Object[] chunk = chunks[index >>> SHIFT];
        E old = (E) chunk[index & MASK];
        chunk[index & MASK] = element;
        return old;
    }

    @Override
    public boolean add(E element) {
        int c = size >>> SHIFT;
        int offset = size & MASK;
        if (c == 0) {
            Object[] first = chunks[0];
            if (offset == first.length) {
                chunks[0] = first = Arrays.copyOf(first, Math.min(CHUNK, first.length * 2));
            }
            first[offset] = element;
        } else {
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            if (chunks[c] == null) {
                chunks[c] = new Object[CHUNK];
            }
            chunks[c][offset] = element;
        }
        size++;
        modCount++;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        Objects.checkIndex(index, size);
        E removed = (E) chunks[index >>> SHIFT][index & MASK];
        int lastIndex = size - 1;
        int lastChunk = lastIndex >>> SHIFT;
        for (int c = index >>> SHIFT; c <= lastChunk; c++) {
            Object[] chunk = chunks[c];
            int from = c == index >>> SHIFT ? index & MASK : 0;
            int end = c == lastChunk ? lastIndex & MASK : MASK;
            System.arraycopy(chunk, from + 1, chunk, from, end - from);
            if (c < lastChunk) {
                chunk[MASK] = chunks[c + 1][0];
            }
        }
        chunks[lastChunk][lastIndex & MASK] = null;
        if (lastChunk > 0 && (lastIndex & MASK) == 0) {
            chunks[lastChunk] = null;
        }
        size--;
        modCount++;
        return removed;
    }

    @Override
    public void clear() {
        chunks = new Object[][] {new Object[4]};
        size = 0;
        modCount++;
    }
}
