package dev.roger.it.fault;

import dev.roger.api.EnqueueOptions;
import dev.roger.api.InvalidJobException;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Deployed with the fault tests: enqueues a numbered run of record jobs from inside the server, the
 * way a producer that cares would: an enqueue the broker did not confirm (a fault hit it) is sent
 * again, which may make a duplicate but never a loss.
 */
@Path("fault")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    private static final int WINDOW = 100;

    @Inject
    RogerService roger;

    @POST
    @Path("enqueue")
    public JsonObject enqueue(@QueryParam("app") String app, @QueryParam("run") String run, @QueryParam("n") int n)
            throws InterruptedException {
        Semaphore window = new Semaphore(WINDOW);
        Queue<Integer> unconfirmed = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            window.acquire();
            int number = i;
            try {
                roger.enqueueAsync(app, "record", new RecordArgs(run, number, null, null), EnqueueOptions.DEFAULTS)
                        .whenComplete((id, error) -> {
                            if (error != null) {
                                unconfirmed.add(number);
                            }
                            window.release();
                        });
            } catch (InvalidJobException e) {
                throw e; // a bug in the test, not a fault: resending would hide it
            } catch (RuntimeException e) {
                unconfirmed.add(number);
                window.release();
            }
        }
        window.acquire(WINDOW);
        int resent = 0;
        Integer number;
        while ((number = unconfirmed.poll()) != null) {
            resent++;
            try {
                roger.enqueue(app, "record", new RecordArgs(run, number, null, null), EnqueueOptions.DEFAULTS);
            } catch (RuntimeException e) {
                unconfirmed.add(number);
                Thread.sleep(500);
            }
        }
        return Json.createObjectBuilder()
                .add("enqueued", n)
                .add("resent", resent)
                .build();
    }
}
