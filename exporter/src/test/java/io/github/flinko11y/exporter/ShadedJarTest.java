package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Inspects the plugin jar users copy into Flink's plugins/ (runs after package, in verify). */
class ShadedJarTest {

    private static final String OURS = "io/github/flinko11y/";
    private static final String SHADED = OURS + "shaded/";
    private static final String PUSH_FACTORY = "io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory";

    private static JarFile jar() throws IOException {
        String path = System.getProperty("shaded.jar");
        assertThat(path).as("system property shaded.jar (set by the verify-phase execution)").isNotBlank();
        return new JarFile(path);
    }

    @Test
    void registersTheFactoryForFlinksServiceLoader() throws IOException {
        try (JarFile jar = jar()) {
            JarEntry services = jar.getJarEntry(
                    "META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory");
            assertThat(services).isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                        .containsExactly(PrometheusExporterFactory.class.getName(), PUSH_FACTORY);
            }
            for (String factory : List.of(PrometheusExporterFactory.class.getName(), PUSH_FACTORY)) {
                assertThat(jar.getJarEntry(factory.replace('.', '/') + ".class")).as(factory).isNotNull();
            }
        }
    }

    /** Bundled libraries, as relocated under {@link #SHADED}, and how many classes each has at least. */
    private static final Map<String, Integer> RELOCATED = Map.of(
            "io/prometheus/", 10,
            "io/micrometer/", 200,
            "org/HdrHistogram/", 10);

    @Test
    void everyClassIsOursOrRelocatedUnderOurPackage() throws IOException {
        List<String> strays = new ArrayList<>();
        Map<String, Integer> relocated = new TreeMap<>();
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                String library = relocatedLibrary(e.getName());
                if (library != null) {
                    relocated.merge(library, 1, Integer::sum);
                } else if (!e.getName().startsWith(OURS) || e.getName().startsWith(SHADED)) {
                    strays.add(e.getName());
                }
            }
            for (String binder : new String[] {"JvmGcMetrics", "JvmMemoryMetrics", "JvmThreadMetrics",
                    "JvmHeapPressureMetrics", "ClassLoaderMetrics", "JvmInfoMetrics", "JvmCompilationMetrics"}) {
                assertThat(jar.getJarEntry(SHADED + "io/micrometer/core/instrument/binder/jvm/" + binder + ".class"))
                        .as(binder).isNotNull();
            }
            assertThat(jar.getJarEntry(SHADED + "io/micrometer/prometheus/PrometheusMeterRegistry.class")).isNotNull();
        }
        assertThat(strays).as("unrelocated or unexpected classes").isEmpty();
        assertThat(relocated).containsOnlyKeys(RELOCATED.keySet());
        RELOCATED.forEach((library, least) ->
                assertThat(relocated.get(library)).as("relocated %s classes", library).isGreaterThan(least));
    }

    private static String relocatedLibrary(String entry) {
        for (String library : RELOCATED.keySet()) {
            if (entry.startsWith(SHADED + library)) {
                return library;
            }
        }
        return null;
    }

    /**
     * The shade filters leave parts of Micrometer out: every class that a bundled class refers to
     * under our package must be in the jar, or it fails with NoClassDefFoundError when first used.
     * simpleclient's OpenTelemetry exemplar suppliers are the one deliberate gap (excluded in the
     * root pom; simpleclient looks for them and does without).
     */
    @Test
    void everyReferenceToABundledClassResolvesInsideTheJar() throws IOException {
        String allowedGap = SHADED + "io/prometheus/client/exemplars/tracer/";
        Map<String, String> missing = new TreeMap<>();
        try (JarFile jar = jar()) {
            Set<String> classes = new HashSet<>();
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class")) {
                    classes.add(e.getName().substring(0, e.getName().length() - ".class".length()));
                }
            }
            for (String name : classes) {
                try (InputStream in = jar.getInputStream(jar.getJarEntry(name + ".class"))) {
                    for (String ref : ClassReferences.of(in.readAllBytes())) {
                        if (ref.startsWith(OURS) && !classes.contains(ref) && !ref.startsWith(allowedGap)) {
                            missing.putIfAbsent(ref, name);
                        }
                    }
                }
            }
            assertThat(classes.size()).isGreaterThan(400);
        }
        assertThat(missing).as("missing class <- a class that refers to it").isEmpty();
    }

    /** Java 11 is the oldest runtime the plugin supports; bundled libraries must load there too. */
    @Test
    void bundledClassesLoadOnJava11() throws IOException {
        int checked = 0;
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class") && e.getName().startsWith(SHADED)) {
                    try (DataInputStream in = new DataInputStream(jar.getInputStream(e))) {
                        assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                        in.readUnsignedShort(); // minor
                        assertThat(in.readUnsignedShort()).as(e.getName()).isLessThanOrEqualTo(55);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(400);
    }

    /**
     * The relocated JVM statistics work from the jar alone: loaded by a class loader that sees only
     * the jar, Flink's metric API and SLF4J (as Flink's plugin class loader does), they collect the
     * JVM's memory pools.
     */
    @Test
    void jvmStatisticsCollectFromTheShadedJar() throws Exception {
        URL[] urls = {
            Paths.get(System.getProperty("shaded.jar")).toUri().toURL(),
            codeSource(org.apache.flink.metrics.MetricGroup.class),
            codeSource(org.slf4j.LoggerFactory.class),
            codeSource(Class.forName("org.slf4j.impl.StaticLoggerBinder")),
        };
        try (URLClassLoader plugin = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> jvmStats = plugin.loadClass("io.github.flinko11y.exporter.jvm.JvmStats");
            Class<?> identityClass = plugin.loadClass("io.github.flinko11y.exporter.jvm.ProcessIdentity");
            Object identity = identityClass.getConstructor(boolean.class).newInstance(true);
            AutoCloseable handle = (AutoCloseable) jvmStats.getMethod("acquire").invoke(null);
            try {
                List<?> families = (List<?>) handle.getClass().getMethod("collect", identityClass).invoke(handle, identity);
                List<String> names = new ArrayList<>();
                for (Object family : families) {
                    assertThat(family.getClass().getName())
                            .isEqualTo("io.github.flinko11y.shaded.io.prometheus.client.Collector$MetricFamilySamples");
                    names.add((String) family.getClass().getField("name").get(family));
                }
                assertThat(names).contains("jvm_memory_used_bytes", "jvm_threads_states_threads", "jvm_info").isSorted();
                assertThat(handle.getClass().getMethod("collectErrors").invoke(handle)).isEqualTo(0L);
            } finally {
                handle.close();
            }
        }
    }

    private static URL codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void bundlesNoFlinkOrLoggingClassesAndHasNoticeAndLicense() throws IOException {
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                assertThat(e.getName()).doesNotContain("org/apache/flink/").doesNotContain("org/slf4j/");
            }
            assertThat(jar.getJarEntry("META-INF/NOTICE")).isNotNull();
            assertThat(jar.getJarEntry("META-INF/LICENSE")).isNotNull();
            assertThat(jar.getJarEntry("META-INF/licenses/LICENSE-HdrHistogram.txt")).isNotNull();
            String notice;
            try (InputStream in = jar.getInputStream(jar.getJarEntry("META-INF/NOTICE"))) {
                notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(notice)
                    .as("NOTICE names every bundled library")
                    .contains("io.prometheus:simpleclient:", "io.prometheus:simpleclient_common:",
                            "io.micrometer:micrometer-core:", "io.micrometer:micrometer-commons:",
                            "io.micrometer:micrometer-registry-prometheus-simpleclient:",
                            "org.hdrhistogram:HdrHistogram:")
                    .contains("Copyright (c) 2017-Present VMware, Inc.");
        }
    }

    @Test
    void ourClassesTargetJava11() throws IOException {
        int checked = 0;
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith(SHADED)) {
                    try (DataInputStream in = new DataInputStream(jar.getInputStream(e))) {
                        assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                        in.readUnsignedShort(); // minor
                        assertThat(in.readUnsignedShort()).as(e.getName()).isEqualTo(55);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
