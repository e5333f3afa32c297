package dev.roger.config;

import dev.roger.spi.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the configuration once per deployment from MicroProfile Config. */
@ApplicationScoped
public class ConfigProducer {

    @Produces
    @Singleton
    RogerConfig rogerConfig() {
        Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        return new ConfigReader(key -> config.getOptionalValue(key, String.class)).read();
    }

    /** roger-web's part of the configuration, so it depends on the SPI rather than on RogerConfig. */
    @Produces
    @Singleton
    WebSettings webSettings(RogerConfig config) {
        return new WebSettings(
                config.admin(),
                config.viewer(),
                config.producer(),
                config.producerApplications(),
                config.security(),
                config.maxMessageBytes());
    }
}
