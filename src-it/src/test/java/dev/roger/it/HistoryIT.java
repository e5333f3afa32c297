package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.support.AdminPage;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.TwoInstances;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * The job history on two instances sharing RabbitMQ and PostgreSQL: outcomes counted on either
 * instance show, summed, through the other's API, and are still there, through the API and on the
 * admin page's chart, after both instances restarted.
 */
class HistoryIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances();

    final MicroProcess a = cluster.a();
    final MicroProcess b = cluster.b();
    final Api apiA = cluster.apiA();
    final Api apiB = cluster.apiB();

    /** The totals of the span, as [processed, failed, retried, buried]; empty when the API does not answer 200. */
    private static List<Long> totals(Api api, String application, String span) {
        Api.Reply reply = api.get("api/applications/" + application + "/history?span=" + span);
        if (reply.status() != 200) {
            return List.of();
        }
        JsonObject total = reply.json().getJsonObject("total");
        return List.of(
                total.getJsonNumber("processed").longValue(),
                total.getJsonNumber("failed").longValue(),
                total.getJsonNumber("retried").longValue(),
                total.getJsonNumber("buried").longValue());
    }

    private boolean ran(String id) {
        return apiA.hasEvent(id, "after") || apiB.hasEvent(id, "after");
    }

    @Test
    void countsOfBothInstancesShowOnEitherAndSurviveARestartOfBoth() {
        String application = cluster.application("hist", Map.of("default", 2), a, b);
        List<String> echoes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            echoes.add((i % 2 == 0 ? apiA : apiB).enqueue(application, "echo", "{\"n\":" + i + "}"));
        }
        // the fail job fails every run: two retries (roger.retry.delays=1,2), then it is buried
        apiA.enqueue(application, "fail", "{}");
        apiB.enqueue(application, "fail", "{}");

        List<Long> expected = List.of(20L, 6L, 4L, 2L);
        Await.until(
                WAIT,
                "the history of the last hour to show every outcome through B",
                () -> totals(apiB, application, "PT1H").equals(expected));
        assertEquals(expected, totals(apiA, application, "PT1H"), "the same through A");
        assertEquals(expected, totals(apiB, application, "P1D"), "per minute over a day");
        assertEquals(expected, totals(apiB, application, "P7D"), "per hour over a week");
        assertEquals(
                60,
                apiB.get("api/applications/" + application + "/history?span=PT1H")
                        .json()
                        .getJsonArray("points")
                        .size());

        // jobs that end just before the instances stop are written at shutdown at the latest
        List<String> last = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            last.add(apiA.enqueue(application, "echo", "{\"last\":" + i + "}"));
        }
        Await.until(WAIT, "the last five jobs to run", () -> last.stream().allMatch(this::ran));
        assertTrue(echoes.stream().allMatch(this::ran));

        a.stop();
        b.stop();
        MicroProcess.startTogether(a, b);

        List<Long> after = List.of(25L, 6L, 4L, 2L);
        assertEquals(after, totals(apiA, application, "PT1H"), "the history survived the restart of both");
        assertEquals(after, totals(apiB, application, "P7D"));

        try (AdminPage page = new AdminPage("histpage", "default")) {
            page.openShowing(a.baseUrl(), application);
            new Select(page.browser().find("history-application")).selectByValue(application);
            page.browser()
                    .waitFor(
                            "the chart's totals of the last hour",
                            WAIT,
                            d -> page.browser()
                                    .find("history-processed")
                                    .getText()
                                    .equals("25"));
            assertEquals("6", page.browser().find("history-failed").getText());
            assertEquals("4", page.browser().find("history-retried").getText());
            assertEquals("2", page.browser().find("history-buried").getText());

            new Select(page.browser().find("history-span")).selectByValue("P7D");
            page.browser()
                    .waitFor(
                            "the chart of the last week",
                            WAIT,
                            d -> page.browser()
                                    .find("history-data-step")
                                    .getText()
                                    .equals("hour"));
            assertEquals("25", page.browser().find("history-processed").getText());
            page.screenshot("history-01-week-after-restart", "history-totals");
        }
    }

    @Test
    void aBadSpanIsRefusedByName() {
        String application = cluster.application("hist", Map.of("default", 1), a);
        Api.Reply soon = apiA.get("api/applications/" + application + "/history?span=soon");
        assertEquals(400, soon.status(), soon.body());
        assertTrue(soon.body().contains("span 'soon'"), soon.body());
        Api.Reply tooLong = apiA.get("api/applications/" + application + "/history?span=P90D");
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("roger.history.hours"), tooLong.body());
    }
}
