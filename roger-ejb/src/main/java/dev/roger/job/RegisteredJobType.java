package dev.roger.job;

import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Type;

/**
 * A job type found among the deployment's CDI beans.
 *
 * @param readsArgsAtEnqueue whether the class overrides a hook that takes the args (queue, queue key,
 *                           execution key); when it does not, enqueue skips decoding the args
 * @param keepsArgsAsGiven whether the class leaves {@code recordedArgs} as it is (records keep the args
 *                         as enqueued); when it does, no call goes through the bean for them
 */
public record RegisteredJobType(
        String name,
        Class<?> beanClass,
        Type argsType,
        Bean<?> bean,
        boolean readsArgsAtEnqueue,
        boolean keepsArgsAsGiven) {}
