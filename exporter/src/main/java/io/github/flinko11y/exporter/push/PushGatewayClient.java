package io.github.flinko11y.exporter.push;

import io.github.flinko11y.exporter.scrape.ScrapeBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Replaces (PUT) and deletes (DELETE) one group on a Pushgateway. Every call either returns after a
 * 2xx answer or throws an {@link IOException} whose message names the status or the cause; the
 * Authorization header is never part of a message.
 */
final class PushGatewayClient {

    /** As the Prometheus Java client's PushGateway, which Flink's reporter uses. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private static final int ERROR_BODY_CHARS = 300;

    private final URL groupUrl;
    private final String authorization;

    /** {@code authorization}: the Authorization header value, or null. */
    PushGatewayClient(String hostUrl, PushGroup group, String authorization) {
        try {
            this.groupUrl = new URL(hostUrl + group.path());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + hostUrl + group.path(), e);
        }
        this.authorization = authorization;
    }

    URL groupUrl() {
        return groupUrl;
    }

    /** Replaces every metric of the group by those in {@code body}. */
    void put(ScrapeBody body) throws IOException {
        HttpURLConnection connection = open("PUT");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", body.contentType());
        long length = body.contentLength();
        if (length >= 0) {
            connection.setFixedLengthStreamingMode(length);
        } else {
            connection.setChunkedStreamingMode(64 * 1024);
        }
        try {
            try (OutputStream out = connection.getOutputStream()) {
                body.writeTo(out);
            }
            finish(connection);
        } finally {
            connection.disconnect();
        }
    }

    /** Deletes the group; deleting a group that does not exist succeeds. */
    void delete() throws IOException {
        HttpURLConnection connection = open("DELETE");
        try {
            finish(connection);
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) groupUrl.openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        // A redirect is a misconfigured hostUrl: report it rather than follow it with the credentials.
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        // One push per report interval: a fresh connection costs little, while a kept-alive one that
        // the gateway closed (e.g. on restart) fails a streamed PUT, which cannot be retried.
        connection.setRequestProperty("Connection", "close");
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection;
    }

    private static void finish(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        if (status / 100 == 2) {
            try (InputStream in = connection.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return;
        }
        String phrase = connection.getResponseMessage();
        String reason = errorBody(connection);
        throw new RejectedException("HTTP " + status + (phrase == null ? "" : " " + phrase)
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    /** The gateway answered, with a status other than 2xx; the message is the status and its reason. */
    static final class RejectedException extends IOException {
        private static final long serialVersionUID = 1L;

        RejectedException(String message) {
            super(message);
        }
    }

    /** The start of the gateway's explanation (it says why it rejected a push), on one line. */
    private static String errorBody(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            if (in == null) {
                return "";
            }
            String text = new String(in.readNBytes(4 * ERROR_BODY_CHARS), StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ").trim();
            return text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text;
        } catch (IOException e) {
            return "";
        }
    }
}
