package io.github.flinko11y.exporter.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cuts label values longer than a limit. The cut value ends in {@code ~} and 8 hex digits of a
 * hash of the whole value, so two long task names that share their first characters stay two
 * series instead of silently merging into one.
 */
public final class LabelValueLimit {

    /** Room for the suffix ({@code ~} + 8 hex digits) and a meaningful prefix. */
    public static final int MIN_LENGTH = 16;

    private static final int SUFFIX_LENGTH = 9;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int maxLength;
    private final LongAdder truncated;

    /** {@code maxLength} 0 means no limit; {@code truncated} counts the values cut. */
    public LabelValueLimit(int maxLength, LongAdder truncated) {
        this.maxLength = maxLength;
        this.truncated = truncated;
    }

    public String apply(String value) {
        if (maxLength == 0 || value.length() <= maxLength) {
            return value;
        }
        truncated.increment();
        int keep = maxLength - SUFFIX_LENGTH;
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never split a character in two
        }
        byte[] digest = sha256(value);
        StringBuilder out = new StringBuilder(keep + SUFFIX_LENGTH);
        out.append(value, 0, keep).append('~');
        for (int i = 0; i < 4; i++) {
            out.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return out.toString();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
