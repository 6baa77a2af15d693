package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/** What an operator does to a running job through Flink's REST API: read its state, cancel it, rescale it. */
final class FlinkJobControl {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String restUrl;

    FlinkJobControl(String restUrl) {
        this.restUrl = restUrl;
    }

    /** The job's status as Flink reports it: RUNNING, RESTARTING, FAILED, CANCELED, ... */
    String state(JobID job) {
        return Json.get(restUrl + "/jobs/" + job).path("state").asText();
    }

    /** {@code flink cancel}: the job ends CANCELED. */
    void cancel(JobID job) {
        send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Caps every vertex's parallelism at {@code parallelism}, as the operator's autoscaler rescales in
     * place with the adaptive scheduler: Flink restarts the job from its latest checkpoint at the new
     * parallelism and counts a rescale. Returns the requirements before, for {@link #setRequirements}.
     */
    ObjectNode rescale(JobID job, int parallelism) {
        ObjectNode before = requirements(job);
        ObjectNode after = before.deepCopy();
        for (JsonNode vertex : after) {
            ObjectNode bounds = (ObjectNode) vertex.path("parallelism");
            bounds.put("lowerBound", 1);
            bounds.put("upperBound", parallelism);
        }
        setRequirements(job, after);
        return before;
    }

    ObjectNode requirements(JobID job) {
        return (ObjectNode) Json.get(restUrl + "/jobs/" + job + "/resource-requirements");
    }

    void setRequirements(JobID job, ObjectNode requirements) {
        send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + job + "/resource-requirements"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(requirements.toString())));
    }

    /** The parallelism each of the job's vertices runs at now. */
    JsonNode vertexParallelisms(JobID job) {
        ObjectNode parallelisms = Json.MAPPER.createObjectNode();
        Json.get(restUrl + "/jobs/" + job).path("vertices")
                .forEach(vertex -> parallelisms.put(vertex.path("name").asText(), vertex.path("parallelism").asInt()));
        return parallelisms;
    }

    private static void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                        + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
