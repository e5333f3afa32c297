package dev.roger.it.support;

import dev.roger.it.probe.BrittleJob;
import dev.roger.it.probe.FlakyArgs;
import dev.roger.it.probe.FlakyJob;
import dev.roger.it.probe.GaugeArgs;
import dev.roger.it.probe.GaugeJob;
import dev.roger.it.probe.HaltJob;
import dev.roger.it.probe.ProbeResource;
import dev.roger.it.probe.Recorder;
import dev.roger.it.probe.StuckJob;
import dev.roger.it.probe.ThrowingObserver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The reactor-built roger.war plus the probe (test job types, event recorder) and a configuration. */
public final class TestWar {

    private TestWar() {}

    /** A fresh application name per test run, so runs never share queues. */
    public static String uniqueApplication(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static WebArchive build(Map<String, String> config) {
        return bare(config)
                .addClasses(
                        Recorder.class,
                        Recorder.Gauge.class,
                        ThrowingObserver.class,
                        GaugeArgs.class,
                        GaugeJob.class,
                        FlakyArgs.class,
                        FlakyJob.class,
                        BrittleJob.class,
                        StuckJob.class,
                        HaltJob.class,
                        ProbeResource.class);
    }

    /** The WAR and the configuration without the probe: no observer records anything (for the benchmark). */
    public static WebArchive bare(Map<String, String> config) {
        String war = System.getProperty("roger.war", "target/roger.war");
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, new File(war));
        String properties = config.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        archive.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        return ShrinkWrap.create(WebArchive.class, "roger.war").merge(archive);
    }

    /** Writes the archive to a temporary roger.war, for instances started outside Arquillian. */
    public static File export(WebArchive archive) {
        try {
            File dir = Files.createTempDirectory("roger-it-war").toFile();
            File file = new File(dir, "roger.war");
            archive.as(ZipExporter.class).exportTo(file, true);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration every test starts from: the test credentials and short retry delays. */
    public static Map<String, String> baseConfig(String applications) {
        return new java.util.LinkedHashMap<>(Map.of(
                "roger.applications",
                applications,
                "roger.amqp.port",
                String.valueOf(Rabbit.PORT),
                "roger.admin.password",
                Api.PASSWORD,
                "roger.retry.delays",
                "1,2",
                "roger.shutdown.timeout",
                "2",
                // an illegal change of a job's state throws, so a test sees it
                "roger.lifecycle.strict",
                "true"));
    }
}
