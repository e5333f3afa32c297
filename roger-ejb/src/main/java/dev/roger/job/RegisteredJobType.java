package dev.roger.job;

import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Type;

/** A job type found among the deployment's CDI beans. */
public record RegisteredJobType(String name, Class<?> beanClass, Type argsType, Bean<?> bean) {
}
