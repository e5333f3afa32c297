package dev.roger.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusSealTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BusSeal seal = new BusSeal(new ClusterKey("the cluster secret"), now::get);
    private final byte[] cancel =
            "{\"op\":\"cancel\",\"application\":\"orders\",\"jobId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    private final AMQP.BasicProperties plain =
            new AMQP.BasicProperties.Builder().appId("a").build();

    @Test
    void aSignedMessageIsAcceptedOnce() {
        AMQP.BasicProperties signed = seal.sign(plain, cancel);
        assertEquals(Optional.empty(), seal.check(signed, cancel));
        assertEquals(Optional.of("replayed"), seal.check(signed, cancel));
    }

    @Test
    void anUnsignedOrForeignMessageIsRefused() {
        assertEquals(Optional.of("unsigned"), seal.check(plain, cancel));
        BusSeal foreign = new BusSeal(new ClusterKey("another cluster secret"), now::get);
        assertTrue(seal.check(foreign.sign(plain, cancel), cancel).orElseThrow().startsWith("bad signature"));
    }

    @Test
    void changingTheBodyTheSenderOrTheTimeBreaksTheSignature() {
        AMQP.BasicProperties signed = seal.sign(plain, cancel);
        byte[] other = "{\"op\":\"pause\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(seal.check(signed, other).orElseThrow().startsWith("bad signature"));
        assertTrue(seal.check(signed.builder().appId("b").build(), cancel)
                .orElseThrow()
                .startsWith("bad signature"));
        Map<String, Object> headers = new HashMap<>(signed.getHeaders());
        headers.put(BusSeal.TIME, now.get() + 1);
        assertTrue(seal.check(signed.builder().headers(headers).build(), cancel)
                .orElseThrow()
                .startsWith("bad signature"));
    }

    @Test
    void aMessageOlderThanTheWindowIsRefusedEvenIfItsNonceWasForgotten() {
        AMQP.BasicProperties signed = seal.sign(plain, cancel);
        now.addAndGet(BusSeal.WINDOW.toMillis() + 1);
        assertTrue(seal.check(signed, cancel).orElseThrow().contains("outside the 60 s window"));
    }

    @Test
    void noncesOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            assertEquals(Optional.empty(), seal.check(seal.sign(plain, cancel), cancel));
        }
        now.addAndGet(BusSeal.WINDOW.toMillis() + 1);
        assertEquals(Optional.empty(), seal.check(seal.sign(plain, cancel), cancel));
        assertEquals(1, seal.remembered());
    }
}
