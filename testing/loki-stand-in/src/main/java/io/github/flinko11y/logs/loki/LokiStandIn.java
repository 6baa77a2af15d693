package io.github.flinko11y.logs.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stand-in for Loki's push endpoint ({@code POST /loki/api/v1/push}) on loopback. It validates
 * and decodes the JSON body the way Loki does (label names, value tuples, structured metadata only
 * when enabled, as in Loki 3) and answers what the test scripts: a status code per request, or a
 * stall until released. Grafana Loki itself cannot run on this machine.
 */
public final class LokiStandIn implements AutoCloseable {

    public static final String PUSH_PATH = "/loki/api/v1/push";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One log entry as Loki would store it. */
    public static final class Entry {
        public final Map<String, String> labels;
        public final long timestampNanos;
        public final String line;
        public final Map<String, String> metadata;

        Entry(Map<String, String> labels, long timestampNanos, String line, Map<String, String> metadata) {
            this.labels = labels;
            this.timestampNanos = timestampNanos;
            this.line = line;
            this.metadata = metadata;
        }

        @Override
        public String toString() {
            return labels + " " + timestampNanos + " " + line + " " + metadata;
        }
    }

    /** One push request: what came in and what was answered. */
    public static final class Request {
        public final Map<String, String> headers;
        public final int status;
        /** {@link System#nanoTime()} when the request body had been read. */
        public final long receivedNanos;

        Request(Map<String, String> headers, int status, long receivedNanos) {
            this.headers = headers;
            this.status = status;
            this.receivedNanos = receivedNanos;
        }
    }

    private final boolean structuredMetadataAllowed;
    private boolean keepEntries = true;
    private long received;
    private final Object lock = new Object();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<CountDownLatch> stalls = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;
    private boolean running;
    private int port;

    private LokiStandIn(boolean structuredMetadataAllowed) {
        this.structuredMetadataAllowed = structuredMetadataAllowed;
    }

    /** Loki 3: accepts structured metadata. */
    public static LokiStandIn loki3() throws IOException {
        LokiStandIn standIn = new LokiStandIn(true);
        standIn.start(0);
        return standIn;
    }

    /** Loki 2 (without {@code allow_structured_metadata}): rejects a third element in a value. */
    public static LokiStandIn loki2() throws IOException {
        LokiStandIn standIn = new LokiStandIn(false);
        standIn.start(0);
        return standIn;
    }

    /** For benchmarks: decodes and counts every entry but keeps none (millions would fill the heap). */
    public static LokiStandIn loki3CountingOnly() throws IOException {
        LokiStandIn standIn = new LokiStandIn(true);
        standIn.keepEntries = false;
        standIn.start(0);
        return standIn;
    }

    /** Entries accepted so far, kept or not. */
    public long receivedCount() {
        synchronized (lock) {
            return received;
        }
    }

    /** Waits until at least {@code count} entries were accepted (kept or not). */
    public void awaitReceived(long count, Duration timeout) throws InterruptedException {
        awaitCondition(() -> received >= count, timeout, "entries", () -> received + " entries");
    }

    public String pushUrl() {
        return "http://127.0.0.1:" + port + PUSH_PATH;
    }

    /** Answers the next requests with these statuses (in order); then 204 as Loki does. */
    public void script(int... statuses) {
        synchronized (lock) {
            for (int status : statuses) {
                script.add(status);
            }
        }
    }

    /** The next request is held without an answer until {@link #releaseStalls()} or {@link #close()}. */
    public void scriptStall() {
        script(0);
    }

    public void releaseStalls() {
        synchronized (lock) {
            stalls.forEach(CountDownLatch::countDown);
            stalls.clear();
        }
    }

    /** Stops listening: clients get connection refused until {@link #restart()}. */
    public void stop() {
        releaseStalls();
        if (running) {
            running = false;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Listens again on the same port. */
    public void restart() throws IOException {
        start(port);
    }

    public List<Entry> entries() {
        synchronized (lock) {
            return new ArrayList<>(entries);
        }
    }

    public List<Request> requests() {
        synchronized (lock) {
            return new ArrayList<>(requests);
        }
    }

    /** Waits until at least {@code count} entries were accepted; returns them all. */
    public List<Entry> awaitEntries(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> entries.size() >= count, timeout, "entries", () -> entries.size() + " entries");
    }

    /** Waits until at least {@code count} requests were answered; returns the accepted entries. */
    public List<Entry> awaitRequests(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> requests.size() >= count, timeout, "requests", () -> requests.size() + " requests");
    }

    private List<Entry> awaitCondition(java.util.function.BooleanSupplier done, Duration timeout, String what,
            java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Loki stand-in: waited " + timeout + " for " + what + ", got " + state.get());
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return new ArrayList<>(entries);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void start(int requestedPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext(PUSH_PATH, this::handle);
        server.start();
        running = true;
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long receivedNanos = System.nanoTime();
            Integer scripted;
            CountDownLatch stall = null;
            synchronized (lock) {
                scripted = script.poll();
                if (scripted != null && scripted == 0) {
                    stall = new CountDownLatch(1);
                    stalls.add(stall);
                }
            }
            if (stall != null) {
                try {
                    stall.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            int status;
            String message;
            List<Entry> decoded = List.of();
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
                message = "method not allowed";
            } else if (scripted != null) {
                status = scripted;
                message = "scripted " + scripted;
            } else {
                try {
                    decoded = decode(headers.getOrDefault("content-type", ""), body);
                    status = 204;
                    message = "";
                } catch (IllegalArgumentException e) {
                    status = 400;
                    message = e.getMessage();
                }
            }
            synchronized (lock) {
                if (status == 204) {
                    received += decoded.size();
                    if (keepEntries) {
                        entries.addAll(decoded);
                    }
                }
                requests.add(new Request(headers, status, receivedNanos));
                lock.notifyAll();
            }
            byte[] answer = message.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private List<Entry> decode(String contentType, byte[] body) {
        if (contentType.startsWith("application/x-protobuf")) {
            return PushRequestDecoder.decode(body, structuredMetadataAllowed);
        }
        if (!contentType.startsWith("application/json")) {
            throw new IllegalArgumentException("unsupported Content-Type " + contentType);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
        JsonNode streams = root.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new IllegalArgumentException("no streams array");
        }
        List<Entry> decoded = new ArrayList<>();
        for (JsonNode stream : streams) {
            Map<String, String> labels = stringMap(stream.get("stream"), "stream");
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("a stream needs at least one label");
            }
            for (String name : labels.keySet()) {
                requireLabelName(name);
            }
            for (JsonNode value : stream.get("values")) {
                if (!value.isArray() || value.size() < 2 || value.size() > 3) {
                    throw new IllegalArgumentException("a value is [timestamp, line] or [timestamp, line, metadata]: " + value);
                }
                if (!value.get(0).isTextual() || !value.get(1).isTextual()) {
                    throw new IllegalArgumentException("timestamp and line must be strings: " + value);
                }
                Map<String, String> metadata = Map.of();
                if (value.size() == 3) {
                    if (!structuredMetadataAllowed) {
                        throw new IllegalArgumentException("structured metadata is not allowed (Loki 2): " + value);
                    }
                    metadata = stringMap(value.get(2), "structured metadata");
                    for (String name : metadata.keySet()) {
                        requireLabelName(name);
                    }
                }
                decoded.add(new Entry(labels, Long.parseLong(value.get(0).asText()), value.get(1).asText(), metadata));
            }
        }
        return decoded;
    }

    static void requireLabelName(String name) {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid label name " + name);
        }
    }

    private static Map<String, String> stringMap(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException(what + " value of " + field.getKey() + " must be a string");
            }
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }
}
