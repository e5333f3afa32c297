package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTypeNamesTest {

    @JobType("resize")
    static class Named implements Job<List<String>> {
        @Override
        public Object perform(List<String> args) {
            return null;
        }
    }

    static class Unnamed implements Job<JsonValue> {
        @Override
        public Object perform(JsonValue args) {
            return null;
        }
    }

    static class Sub extends Unnamed {}

    @SuppressWarnings("rawtypes")
    static class Raw implements Job {
        @Override
        public Object perform(Object args) {
            return null;
        }
    }

    @Test
    void theAnnotationNamesTheTypeElseTheSimpleClassName() {
        assertEquals("resize", JobTypeNames.nameOf(Named.class));
        assertEquals("Unnamed", JobTypeNames.nameOf(Unnamed.class));
    }

    @Test
    void theArgumentTypeIsReadFromTheJobInterfaceUpTheHierarchy() {
        assertEquals(
                "java.util.List<java.lang.String>",
                JobTypeNames.argsTypeOf(Named.class).getTypeName());
        assertEquals(JsonValue.class, JobTypeNames.argsTypeOf(Sub.class));
        assertEquals(Object.class, JobTypeNames.argsTypeOf(Raw.class));
    }
}
