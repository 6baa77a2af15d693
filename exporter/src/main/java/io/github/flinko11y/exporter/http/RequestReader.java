package io.github.flinko11y.exporter.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads request heads from one connection, each within a deadline for the whole head: the socket's
 * read timeout is set to what is left of it before every read, so a client that sends a byte now
 * and then cannot hold a worker longer than the deadline either.
 */
final class RequestReader {

    /** Longest request line or header line: as most servers, 8 KB. */
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[MAX_LINE];
    private final StringBuilder line = new StringBuilder(128);
    private int position;
    private int limit;

    RequestReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Waits up to {@code idleMillis} for the first byte of another request on a kept-alive
     * connection; false when the client closed the connection or sent nothing in that time.
     */
    boolean awaitAnother(int idleMillis) throws IOException {
        if (position < limit) {
            return true;
        }
        socket.setSoTimeout(idleMillis);
        try {
            return fill();
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * The next request's line and headers, all received before {@code deadlineNanos} ({@link
     * System#nanoTime()}); null when the connection ends before a request starts. Throws {@link
     * SocketTimeoutException} at the deadline.
     */
    RequestHead read(long deadlineNanos) throws IOException, RequestHead.BadRequest {
        String requestLine = readLine(deadlineNanos);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(deadlineNanos); // blank lines before a request are allowed
        }
        if (requestLine == null) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        for (String header = readLine(deadlineNanos); ; header = readLine(deadlineNanos)) {
            if (header == null) {
                throw new RequestHead.BadRequest(400, "the connection ended inside the request headers");
            }
            if (header.isEmpty()) {
                break;
            }
            if (++count > MAX_HEADERS) {
                throw new RequestHead.BadRequest(431, "more than " + MAX_HEADERS + " request headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
                throw new RequestHead.BadRequest(400, "a request header is not \"name: value\"");
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.substring(colon + 1).trim());
        }
        return RequestHead.of(requestLine, headers);
    }

    /** A line without its CRLF (or bare LF), as ISO-8859-1; null at the end of the stream. */
    private String readLine(long deadlineNanos) throws IOException, RequestHead.BadRequest {
        line.setLength(0);
        while (true) {
            if (position == limit) {
                setTimeout(deadlineNanos);
                if (!fill()) {
                    if (line.length() == 0) {
                        return null;
                    }
                    throw new RequestHead.BadRequest(400, "the connection ended inside a request line");
                }
            }
            char c = (char) (buffer[position++] & 0xff);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new RequestHead.BadRequest(431, "a request line or header is longer than " + MAX_LINE + " bytes");
            }
            line.append(c);
        }
    }

    private void setTimeout(long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("request deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
