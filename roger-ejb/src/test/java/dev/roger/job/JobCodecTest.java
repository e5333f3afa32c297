package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobCodecTest {

    private final JobCodec codec = new JobCodec();
    private final JobMessage job = AJob.ofType("sleep")
            .id("id-1")
            .args(Json.createObjectBuilder().add("millis", 5).build())
            .queueKey("qk")
            .executionKey("ek")
            .attempt(2)
            .queuedAt(Instant.parse("2026-01-02T03:04:05Z"))
            .build();

    @Test
    void aJobSurvivesTheRoundTrip() throws Exception {
        assertEquals(job, codec.decode(codec.encode(job)));
    }

    @Test
    void keysAreOptional() throws Exception {
        JobMessage plain = AJob.ofType("echo").id("id-2").args("x").build();
        JobMessage decoded = codec.decode(codec.encode(plain));
        assertNull(decoded.queueKey());
        assertNull(decoded.executionKey());
    }

    @Test
    void propertiesArePersistentJsonWithIdAndApplication() {
        AMQP.BasicProperties properties = codec.properties(job, "myapp");
        assertEquals(2, properties.getDeliveryMode());
        assertEquals("application/json", properties.getContentType());
        assertEquals("id-1", properties.getMessageId());
        assertEquals("myapp", properties.getAppId());
        assertEquals("sleep", properties.getType());
    }

    @Test
    void badBodiesAreRefusedWithWhatIsWrong() {
        assertTrue(decodeProblem(new byte[] {(byte) 0xff, 0x00}).startsWith("the body is not JSON"));
        assertEquals("the body is JSON but not an object", decodeProblem("[1]"));
        assertEquals("field 'id' is missing or empty", decodeProblem("{\"type\":\"t\",\"args\":{}}"));
        assertEquals("field 'type' is missing or empty", decodeProblem("{\"id\":\"i\",\"args\":{}}"));
        assertEquals("field 'args' is missing", decodeProblem("{\"id\":\"i\",\"type\":\"t\"}"));
        assertTrue(decodeProblem("{\"id\":\"i\",\"type\":\"t\",\"args\":{},\"retryCount\":-1}")
                .contains("retryCount"));
        assertTrue(decodeProblem("{\"id\":\"i\",\"type\":\"t\",\"args\":{},\"queuedAt\":\"yesterday\"}")
                .contains("queuedAt"));
        assertTrue(decodeProblem("{\"id\":7,\"type\":\"t\",\"args\":{}}").contains("'id' must be a string"));
    }

    private String decodeProblem(String body) {
        return decodeProblem(body.getBytes(StandardCharsets.UTF_8));
    }

    private String decodeProblem(byte[] body) {
        return assertThrows(InvalidMessageException.class, () -> codec.decode(body))
                .getMessage();
    }
}
