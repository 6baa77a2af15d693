package io.github.flinko11y.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import java.net.URI;
import java.util.Optional;

/** Whether an in-cluster URL (http://name[.namespace[.svc]]:port/...) reaches a rendered Service port. */
final class ServiceUrls {

    private ServiceUrls() {}

    static boolean resolves(Manifest manifest, String url, String clientNamespace) {
        return service(manifest, url, clientNamespace).isPresent();
    }

    /** The Service (with that port) an in-cluster URL reaches. */
    static Optional<JsonNode> service(Manifest manifest, String url, String clientNamespace) {
        URI uri = URI.create(url);
        String[] host = uri.getHost().split("\\.");
        String name = host[0];
        String namespace = host.length > 1 ? host[1] : clientNamespace;
        return manifest.ofKind("Service").stream()
                .filter(s -> Manifest.name(s).equals(name))
                .filter(s -> s.path("metadata").path("namespace").asText().equals(namespace))
                .filter(s -> hasPort(s, uri.getPort()))
                .findFirst();
    }

    private static boolean hasPort(JsonNode service, int port) {
        for (JsonNode p : service.path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }
}
