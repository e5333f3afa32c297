package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    static class Redacting extends Unnamed {
        @Override
        public Object recordedArgs(JsonValue args) {
            return null;
        }
    }

    static class SubOfRedacting extends Redacting {}

    interface RedactsByDefault<A> extends Job<A> {
        @Override
        default Object recordedArgs(A args) {
            return null;
        }
    }

    static class ThroughAnInterface implements RedactsByDefault<String> {
        @Override
        public Object perform(String args) {
            return null;
        }
    }

    @Test
    void recordedArgsCountsAsOverriddenInTheClassItsSuperclassesOrAUsersInterface() {
        assertFalse(JobTypeNames.overridesRecordedArgs(Unnamed.class));
        assertFalse(JobTypeNames.overridesRecordedArgs(Sub.class));
        assertFalse(JobTypeNames.overridesRecordedArgs(Raw.class));
        assertTrue(JobTypeNames.overridesRecordedArgs(Redacting.class));
        assertTrue(JobTypeNames.overridesRecordedArgs(SubOfRedacting.class));
        assertTrue(JobTypeNames.overridesRecordedArgs(ThroughAnInterface.class));
    }
}
