package dev.roger.job;

import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Type;

/**
 * A job type found among the deployment's CDI beans.
 *
 * @param readsArgsAtEnqueue whether the class overrides a hook that takes the args (queue, queue key,
 *                           execution key); when it does not, enqueue skips decoding the args
 */
public record RegisteredJobType(
        String name, Class<?> beanClass, Type argsType, Bean<?> bean, boolean readsArgsAtEnqueue) {}
