package io.github.flinko11y.logs.loki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Decodes Loki's snappy-compressed protobuf {@code PushRequest} (logproto/push.proto) by hand:
 * PushRequest{1: repeated StreamAdapter}, StreamAdapter{1: labels string, 2: repeated EntryAdapter},
 * EntryAdapter{1: Timestamp{1: seconds, 2: nanos}, 2: line, 3: repeated LabelPair{1: name, 2: value}}.
 */
final class PushRequestDecoder {

    private PushRequestDecoder() {}

    static List<LokiStandIn.Entry> decode(byte[] compressed, boolean structuredMetadataAllowed) {
        byte[] body;
        try {
            body = Snappy.uncompress(compressed);
        } catch (IOException e) {
            throw new IllegalArgumentException("not snappy block-compressed: " + e.getMessage(), e);
        }
        List<LokiStandIn.Entry> entries = new ArrayList<>();
        Reader request = new Reader(body, 0, body.length);
        while (request.hasMore()) {
            int tag = request.varint32();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                decodeStream(request.message(), structuredMetadataAllowed, entries);
            } else {
                request.skip(tag);
            }
        }
        return entries;
    }

    private static void decodeStream(Reader stream, boolean structuredMetadataAllowed, List<LokiStandIn.Entry> out) {
        String labelText = null;
        List<Reader> entryReaders = new ArrayList<>();
        while (stream.hasMore()) {
            int tag = stream.varint32();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                labelText = stream.string();
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                entryReaders.add(stream.message());
            } else {
                stream.skip(tag);
            }
        }
        if (labelText == null) {
            throw new IllegalArgumentException("a stream without labels");
        }
        Map<String, String> labels = parseLabels(labelText);
        for (Reader entry : entryReaders) {
            long seconds = 0;
            long nanos = 0;
            String line = null;
            Map<String, String> metadata = new LinkedHashMap<>();
            while (entry.hasMore()) {
                int tag = entry.varint32();
                int field = tag >>> 3;
                if (field == 1 && (tag & 7) == 2) {
                    Reader timestamp = entry.message();
                    while (timestamp.hasMore()) {
                        int tsTag = timestamp.varint32();
                        if (tsTag >>> 3 == 1 && (tsTag & 7) == 0) {
                            seconds = timestamp.varint64();
                        } else if (tsTag >>> 3 == 2 && (tsTag & 7) == 0) {
                            nanos = timestamp.varint64();
                        } else {
                            timestamp.skip(tsTag);
                        }
                    }
                } else if (field == 2 && (tag & 7) == 2) {
                    line = entry.string();
                } else if (field == 3 && (tag & 7) == 2) {
                    if (!structuredMetadataAllowed) {
                        throw new IllegalArgumentException("structured metadata is not allowed (Loki 2)");
                    }
                    Reader pair = entry.message();
                    String name = null;
                    String value = "";
                    while (pair.hasMore()) {
                        int pairTag = pair.varint32();
                        if (pairTag >>> 3 == 1 && (pairTag & 7) == 2) {
                            name = pair.string();
                        } else if (pairTag >>> 3 == 2 && (pairTag & 7) == 2) {
                            value = pair.string();
                        } else {
                            pair.skip(pairTag);
                        }
                    }
                    LokiStandIn.requireLabelName(name == null ? "" : name);
                    metadata.put(name, value);
                } else {
                    entry.skip(tag);
                }
            }
            if (line == null) {
                line = "";
            }
            out.add(new LokiStandIn.Entry(labels, seconds * 1_000_000_000L + nanos, line, metadata));
        }
    }

    /** Parses a Prometheus label set as Loki does for protobuf pushes: {@code {a="x", b="y\"z"}}. */
    static Map<String, String> parseLabels(String text) {
        String s = text.trim();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("labels must be {name=\"value\", ...}: " + text);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= end) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0 || eq + 1 >= end || s.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("labels must be {name=\"value\", ...}: " + text);
            }
            String name = s.substring(i, eq).trim();
            LokiStandIn.requireLabelName(name);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < end && s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\' && j + 1 < end) {
                    char next = s.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            if (j >= end) {
                throw new IllegalArgumentException("unterminated label value in " + text);
            }
            labels.put(name, value.toString());
            i = j + 1;
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a stream needs at least one label");
        }
        return labels;
    }

    /** A bounded view of protobuf wire bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int limit;

        Reader(byte[] bytes, int offset, int limit) {
            this.bytes = bytes;
            this.position = offset;
            this.limit = limit;
        }

        boolean hasMore() {
            return position < limit;
        }

        long varint64() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= limit) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        int varint32() {
            return (int) varint64();
        }

        Reader message() {
            int length = varint32();
            if (length < 0 || position + length > limit) {
                throw new IllegalArgumentException("truncated length-delimited field");
            }
            Reader nested = new Reader(bytes, position, position + length);
            position += length;
            return nested;
        }

        String string() {
            Reader r = message();
            return new String(bytes, r.position, r.limit - r.position, StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0:
                    varint64();
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    message();
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
            if (position > limit) {
                throw new IllegalArgumentException("truncated field");
            }
        }
    }
}
