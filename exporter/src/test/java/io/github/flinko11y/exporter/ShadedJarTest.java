package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    @Test
    void everyClassIsOursOrRelocatedUnderOurPackage() throws IOException {
        List<String> strays = new ArrayList<>();
        int relocated = 0;
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                if (e.getName().startsWith(SHADED + "io/prometheus/")) {
                    relocated++;
                } else if (!e.getName().startsWith(OURS) || e.getName().startsWith(SHADED)) {
                    strays.add(e.getName());
                }
            }
        }
        assertThat(strays).as("unrelocated or unexpected classes").isEmpty();
        assertThat(relocated).as("relocated simpleclient classes").isGreaterThan(10);
    }

    @Test
    void bundlesNoFlinkOrLoggingClassesAndHasNoticeAndLicense() throws IOException {
        try (JarFile jar = jar()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                assertThat(e.getName()).doesNotContain("org/apache/flink/").doesNotContain("org/slf4j/");
            }
            assertThat(jar.getJarEntry("META-INF/NOTICE")).isNotNull();
            assertThat(jar.getJarEntry("META-INF/LICENSE")).isNotNull();
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
