package io.github.flinko11y.kustomize.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kubernetes 1.32 objects checked against fabric8's model of that API (kubernetes-model 7.1.0, generated
 * from the 1.32 OpenAPI: it has 1.32's pod-level resources and not 1.33's Lifecycle.stopSignal), made
 * as strict as `kubectl apply --validate=strict`: an unknown field fails (fabric8 would keep it in
 * additionalProperties) and so does a scalar of the wrong type (Jackson would convert "80" to 80).
 */
public final class StrictKubernetesModel {

    public static final String KUBERNETES_VERSION = "1.32";

    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

    private final ObjectMapper mapper;

    public StrictKubernetesModel() {
        SimpleModule noAnySetter = new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(
                    DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
                // fabric8 collects unknown fields in additionalProperties: without that sink they fail.
                builder.setAnySetter(null);
                return builder;
            }
        });
        mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noAnySetter)
                .build();
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean)) {
                mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
            }
        }
    }

    public boolean knows(String apiVersion, String kind) {
        return TYPES.containsKey(apiVersion + "/" + kind);
    }

    public List<String> problems(JsonNode object) {
        Class<?> type = TYPES.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
        if (type == null) {
            return List.of("no Kubernetes " + KUBERNETES_VERSION + " type for apiVersion "
                    + object.path("apiVersion").asText() + " kind " + object.path("kind").asText());
        }
        return problems(object, type);
    }

    /** Problems of a pod template (e.g. a FlinkDeployment's podTemplate) as a Kubernetes PodTemplateSpec. */
    public List<String> podTemplateProblems(JsonNode template) {
        return problems(template, PodTemplateSpec.class);
    }

    public List<String> metadataProblems(JsonNode metadata) {
        return problems(metadata, ObjectMeta.class);
    }

    private List<String> problems(JsonNode node, Class<?> type) {
        try {
            mapper.treeToValue(node, type);
            return List.of();
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return List.of(path + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of(e.getOriginalMessage());
        }
    }
}
