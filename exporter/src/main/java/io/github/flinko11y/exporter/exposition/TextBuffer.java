package io.github.flinko11y.exporter.exposition;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link Writer} into a growing char array, encoded to UTF-8 once at the end. simpleclient's text
 * writer emits label values and help texts a character at a time; the JDK's writers take a lock and
 * (unbuffered) a trip through the charset encoder for each, which was most of a small scrape's CPU.
 * Not thread-safe: one per rendering.
 */
final class TextBuffer extends Writer {

    private char[] chars;
    private int size;

    TextBuffer(int capacity) {
        chars = new char[capacity];
    }

    @Override
    public void write(int c) {
        ensureRoom(1);
        chars[size++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(source, offset, chars, size, length);
        size += length;
    }

    @Override
    public void write(String text, int offset, int length) {
        ensureRoom(length);
        text.getChars(offset, offset + length, chars, size);
        size += length;
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    @Override
    public Writer append(char c) {
        write(c);
        return this;
    }

    @Override
    public Writer append(CharSequence text) {
        String s = String.valueOf(text);
        write(s, 0, s.length());
        return this;
    }

    @Override
    public void flush() {
        // nothing buffered elsewhere
    }

    @Override
    public void close() {
        // nothing to release
    }

    byte[] toUtf8() {
        return new String(chars, 0, size).getBytes(StandardCharsets.UTF_8);
    }

    private void ensureRoom(int more) {
        if (size + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, size + more));
        }
    }
}
