package dev.roger.job;

import dev.roger.api.Job;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.util.TypeLiteral;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The job types of the deployment: every CDI bean that implements {@link Job}. */
public final class JobTypes {

    private final BeanManager beanManager;
    private final Map<String, RegisteredJobType> byName = new HashMap<>();
    private final Map<Class<?>, RegisteredJobType> byClass = new HashMap<>();

    public JobTypes(BeanManager beanManager) {
        this.beanManager = beanManager;
        Set<Bean<?>> beans = beanManager.getBeans(new TypeLiteral<Job<?>>() { }.getType(), jakarta.enterprise.inject.Any.Literal.INSTANCE);
        for (Bean<?> bean : beans) {
            Class<?> beanClass = bean.getBeanClass();
            RegisteredJobType type = new RegisteredJobType(JobTypeNames.nameOf(beanClass), beanClass,
                    JobTypeNames.argsTypeOf(beanClass), bean);
            RegisteredJobType clash = byName.put(type.name(), type);
            if (clash != null) {
                throw new IllegalStateException("job types " + clash.beanClass().getName() + " and " + beanClass.getName()
                        + " have the same name '" + type.name() + "'; give one another name with @JobType");
            }
            byClass.put(beanClass, type);
        }
    }

    public Optional<RegisteredJobType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** A fresh instance for one run; close it after the run to destroy dependent beans. */
    public JobInstance instantiate(RegisteredJobType type) {
        Bean<?> bean = type.bean();
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        @SuppressWarnings("unchecked")
        Job<Object> job = (Job<Object>) beanManager.getReference(bean, type.beanClass(), context);
        return new JobInstance(job, context);
    }

    /** One job bean instance and what releases it. */
    public record JobInstance(Job<Object> job, CreationalContext<?> context) implements AutoCloseable {
        @Override
        public void close() {
            context.release();
        }
    }
}
