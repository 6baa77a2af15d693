package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Stands in for a pager, a ticket system and a dead-man's switch: Alertmanager's webhook receivers
 * post here, one path per receiver, and the test reads what arrived.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One notification: the receiver path it was posted to and Alertmanager's JSON payload. */
    public static final class Notification {
        public final String path;
        public final JsonNode payload;
        /** When the post arrived here. */
        public final Instant receivedAt;

        Notification(String path, JsonNode payload, Instant receivedAt) {
            this.path = path;
            this.payload = payload;
            this.receivedAt = receivedAt;
        }

        public String status() {
            return payload.path("status").asText();
        }

        /** The alerts of this notification (Alertmanager groups several into one post). */
        public List<JsonNode> alerts() {
            List<JsonNode> alerts = new ArrayList<>();
            payload.path("alerts").forEach(alerts::add);
            return alerts;
        }

        @Override
        public String toString() {
            return path + " " + payload;
        }
    }

    private final HttpServer server;
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Notification>> listeners = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                Notification notification;
                try (InputStream body = exchange.getRequestBody()) {
                    notification = new Notification(exchange.getRequestURI().getPath(), Json.MAPPER.readTree(body), Instant.now());
                }
                receiver.received.add(notification);
                receiver.listeners.forEach(listener -> listener.accept(notification));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL a receiver named {@code path} posts to, e.g. {@code url("paging")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** Called on the receiver's thread for every notification from now on. */
    public void onNotification(Consumer<Notification> listener) {
        listeners.add(listener);
    }

    public List<Notification> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
