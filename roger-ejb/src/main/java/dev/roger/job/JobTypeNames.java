package dev.roger.job;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Reads a job class's stable name and argument type. */
final class JobTypeNames {

    private JobTypeNames() {}

    /** The {@link JobType} name, or else the class's simple name. */
    public static String nameOf(Class<?> jobClass) {
        JobType annotation = jobClass.getAnnotation(JobType.class);
        return annotation != null ? annotation.value() : jobClass.getSimpleName();
    }

    /** Whether the class (or a superclass) overrides one of the hooks that read the args. */
    public static boolean overridesArgHooks(Class<?> jobClass) {
        for (Class<?> c = jobClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
                if (!method.isBridge()
                        && !method.isSynthetic()
                        && method.getParameterCount() == 1
                        && java.util.Set.of("queue", "queueKey", "executionKey").contains(method.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the class, a superclass or an interface of theirs other than {@link Job} declares {@code
     * recordedArgs} (a default method of a user's interface may redact too).
     */
    public static boolean overridesRecordedArgs(Class<?> jobClass) {
        if (jobClass == null || jobClass == Object.class || jobClass == Job.class) {
            return false;
        }
        for (java.lang.reflect.Method method : jobClass.getDeclaredMethods()) {
            if (!method.isBridge()
                    && !method.isSynthetic()
                    && method.getParameterCount() == 1
                    && method.getName().equals("recordedArgs")) {
                return true;
            }
        }
        for (Class<?> parent : jobClass.getInterfaces()) {
            if (overridesRecordedArgs(parent)) {
                return true;
            }
        }
        return overridesRecordedArgs(jobClass.getSuperclass());
    }

    /** The {@code A} of {@code Job<A>}, searched up the class hierarchy; Object when raw. */
    public static Type argsTypeOf(Class<?> jobClass) {
        for (Class<?> c = jobClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Job.class) {
                    Type argument = parameterized.getActualTypeArguments()[0];
                    return argument instanceof Class<?> || argument instanceof ParameterizedType
                            ? argument
                            : Object.class;
                }
            }
        }
        return Object.class;
    }
}
