package io.github.flinko11y.exporter.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's line and headers, as read by {@link RequestReader}. Header names are kept in lower
 * case; a header sent more than once keeps every value in order.
 */
final class RequestHead {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final boolean http11;
    private final Map<String, List<String>> headers;

    private RequestHead(String method, String path, String rawQuery, boolean http11, Map<String, List<String>> headers) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.http11 = http11;
        this.headers = headers;
    }

    /**
     * From the request line ({@code GET /metrics?x HTTP/1.1}) and the headers read after it; throws
     * {@link BadRequest} when the line is not an HTTP/1.x request line.
     */
    static RequestHead of(String requestLine, Map<String, List<String>> headers) throws BadRequest {
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new BadRequest(400, "not an HTTP request line");
        }
        boolean http11;
        if (parts[2].equals("HTTP/1.1")) {
            http11 = true;
        } else if (parts[2].equals("HTTP/1.0")) {
            http11 = false;
        } else {
            throw new BadRequest(505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        String target = originForm(parts[1]);
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new BadRequest(400, "the request target is not a URI path");
        }
        return new RequestHead(parts[0], uri.getPath(), uri.getRawQuery(), http11, headers);
    }

    /** {@code http://host:port/metrics?x} (absolute form, allowed by HTTP/1.1) → {@code /metrics?x}. */
    private static String originForm(String target) throws BadRequest {
        if (target.startsWith("/")) {
            return target;
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("://") + 3);
            return slash < 0 ? "/" : target.substring(slash);
        }
        throw new BadRequest(400, "the request target must be a path");
    }

    String method() {
        return method;
    }

    /** The decoded path. */
    String path() {
        return path;
    }

    /** The query as sent (still percent-encoded); null when there is none. */
    String rawQuery() {
        return rawQuery;
    }

    /** Every value of a header, in the order sent; empty when absent. */
    List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), Collections.emptyList());
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Whether the connection may carry another request after this one: HTTP/1.1 without {@code
     * Connection: close}, and no request body (which is never read, so it would be taken for the
     * next request).
     */
    boolean allowsAnotherRequest() {
        if (!http11 || !headers("transfer-encoding").isEmpty()) {
            return false;
        }
        String length = header("content-length");
        if (length != null && !length.trim().equals("0")) {
            return false;
        }
        for (String connection : headers("connection")) {
            for (String token : connection.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A request that cannot be served: answered with {@code status}, then the connection closes. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;

        BadRequest(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }
}
