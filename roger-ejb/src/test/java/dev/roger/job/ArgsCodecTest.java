package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.Job;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgsCodecTest {

    public record Resize(String image, int width) {
        public Resize {
            if (width <= 0) {
                throw new IllegalArgumentException("width must be positive");
            }
        }
    }

    static class ResizeJob implements Job<Resize> {
        @Override
        public Object perform(Resize args) {
            return null;
        }
    }

    private final ArgsCodec codec = new ArgsCodec();

    @Test
    void aRecordGoesToJsonAndBack() {
        JsonValue json = codec.toJson(new Resize("a.png", 100));
        assertEquals(
                Json.createObjectBuilder()
                        .add("image", "a.png")
                        .add("width", 100)
                        .build(),
                json);
        assertEquals(new Resize("a.png", 100), codec.fromJson(json, JobTypeNames.argsTypeOf(ResizeJob.class)));
    }

    @Test
    void jsonIsTakenAsItIsForJobsThatWantJson() {
        JsonValue json = Json.createObjectBuilder().add("k", 1).build();
        assertSame(json, codec.toJson(json));
        assertSame(json, codec.fromJson(json, JsonValue.class));
    }

    @Test
    void mapsWork() {
        JsonValue json = codec.toJson(Map.of("k", "v"));
        assertEquals(Map.of("k", "v"), codec.fromJson(json, Map.class));
    }

    @Test
    void argsTheTypeCannotReadAreRefusedWithTheReason() {
        JsonValue json = Json.createObjectBuilder()
                .add("image", "a.png")
                .add("width", -1)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> codec.fromJson(json, Resize.class));
        assertTrue(e.getMessage().contains("width must be positive"), e.getMessage());
    }
}
