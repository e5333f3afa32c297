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
    private final Map<String, JobInstance> shared = new java.util.concurrent.ConcurrentHashMap<>();

    public JobTypes(BeanManager beanManager) {
        this.beanManager = beanManager;
        Set<Bean<?>> beans = beanManager.getBeans(
                new TypeLiteral<Job<?>>() {}.getType(), jakarta.enterprise.inject.Any.Literal.INSTANCE);
        for (Bean<?> bean : beans) {
            Class<?> beanClass = bean.getBeanClass();
            RegisteredJobType type = new RegisteredJobType(
                    JobTypeNames.nameOf(beanClass),
                    beanClass,
                    JobTypeNames.argsTypeOf(beanClass),
                    bean,
                    JobTypeNames.overridesArgHooks(beanClass),
                    !JobTypeNames.overridesRecordedArgs(beanClass));
            RegisteredJobType clash = byName.put(type.name(), type);
            if (clash != null) {
                throw new IllegalStateException(
                        "job types " + clash.beanClass().getName() + " and " + beanClass.getName()
                                + " have the same name '" + type.name() + "'; give one another name with @JobType");
            }
        }
    }

    public Optional<RegisteredJobType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /**
     * The instance for one run; close it after the run. A normal-scoped bean's client proxy is looked
     * up once and shared (the container keeps the instance); a dependent bean is made per run and
     * destroyed by the close.
     */
    public JobInstance instantiate(RegisteredJobType type) {
        Bean<?> bean = type.bean();
        if (beanManager.isNormalScope(bean.getScope())) {
            return shared.computeIfAbsent(
                    type.name(),
                    name -> new JobInstance(
                            reference(type, beanManager.createCreationalContext(bean)), null, type.keepsArgsAsGiven()));
        }
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        return new JobInstance(reference(type, context), context, type.keepsArgsAsGiven());
    }

    @SuppressWarnings("unchecked")
    private Job<Object> reference(RegisteredJobType type, CreationalContext<?> context) {
        return (Job<Object>) beanManager.getReference(type.bean(), type.beanClass(), context);
    }

    /**
     * One job bean instance and what releases it (nothing for a shared client proxy); {@code
     * keepsArgsAsGiven}: its class does not override {@code recordedArgs}, so the record keeps the args
     * JSON without a call through the bean's proxy.
     */
    public record JobInstance(Job<Object> job, CreationalContext<?> context, boolean keepsArgsAsGiven)
            implements AutoCloseable {

        /**
         * The args as the job's record keeps them ({@code Job.recordedArgs}) as JSON; null: none.
         * {@code json} is {@code args} as JSON, used as it is when the type keeps them unchanged.
         */
        public String recordedArgs(jakarta.json.JsonValue json, Object args, ArgsCodec codec) {
            if (keepsArgsAsGiven) {
                return json.toString();
            }
            Object kept = job.recordedArgs(args);
            if (kept == null) {
                return null;
            }
            return kept == args ? json.toString() : codec.toJson(kept).toString();
        }

        @Override
        public void close() {
            if (context != null) {
                context.release();
            }
        }
    }
}
