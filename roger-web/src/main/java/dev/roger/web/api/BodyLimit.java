package dev.roger.web.api;

import dev.roger.spi.WebSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Bounds what a request may send before anything looks it up or parses it. A path parameter longer than
 * anything of its kind can be (an id over 200 characters, a name over 100) is 404 at once. A body is bounded (413 beyond): a JSON array (a bulk enqueue) to
 * {@link #BULK_BYTES} or twice {@code roger.max-message-bytes}, whichever is larger; any other body to
 * twice {@code roger.max-message-bytes} (room for the envelope and whitespace around a job that is
 * itself checked against the limit once it is built). A declared length over the bound is refused
 * without reading; a body sent without one is counted as it is read.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class BodyLimit implements ContainerRequestFilter {

    /** A bulk enqueue's body: 10,000 jobs of 1.6 KB. */
    static final long BULK_BYTES = 16L << 20;

    @Inject
    WebSettings settings;

    /** The longest value of a path parameter by name: an application, queue or recurring job's name, a job's id. */
    static final java.util.Map<String, Integer> PATH_LENGTHS =
            java.util.Map.of("application", 100, "queue", 100, "name", 100, "id", 200);

    @Override
    public void filter(ContainerRequestContext request) {
        for (java.util.Map.Entry<String, java.util.List<String>> parameter :
                request.getUriInfo().getPathParameters().entrySet()) {
            Integer longest = PATH_LENGTHS.get(parameter.getKey());
            for (String value : parameter.getValue()) {
                if (longest != null && value.length() > longest) {
                    // nothing that long exists: answered before any lookup
                    request.abortWith(Problem.of(
                            Response.Status.NOT_FOUND,
                            "no " + parameter.getKey() + " of " + value.length() + " characters (at most " + longest
                                    + ")"));
                    return;
                }
            }
        }
        if (!request.hasEntity()) {
            return;
        }
        long single = 2L * settings.maxMessageBytes();
        long bulk = Math.max(BULK_BYTES, single);
        int declared = request.getLength();
        if (declared > bulk) {
            request.abortWith(Problem.of(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    tooLarge(String.format(Locale.ROOT, "%,d bytes, more", declared), bulk)));
            return;
        }
        request.setEntityStream(new Bounded(request.getEntityStream(), single, bulk));
    }

    /** {@code size}: "N bytes, more" when the length is known, else "longer". */
    static String tooLarge(String size, long bound) {
        return String.format(
                Locale.ROOT,
                "the request body is %s than the %,d bytes this request may send (twice"
                        + " roger.max-message-bytes for a job, %,d bytes for a bulk enqueue)",
                size,
                bound,
                BULK_BYTES);
    }

    /**
     * Past the bound, the rest of a body up to this much more is read and dropped, so a client still
     * sending it gets the 413 rather than a closed connection (as Tomcat's maxSwallowSize does).
     */
    static final long SWALLOW_BYTES = 4L << 20;

    /** Counts what is read; the first byte that is not white space tells a bulk (an array) from the rest. */
    static final class Bounded extends FilterInputStream {
        private final long single;
        private final long bulk;
        private long bound = -1;
        private long read;
        private final byte[] one = new byte[1];

        Bounded(InputStream in, long single, long bulk) {
            super(in);
            this.single = single;
            this.bulk = bulk;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                one[0] = (byte) b;
                count(one, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(buffer, offset, n);
            }
            return n;
        }

        private void swallowRest() {
            byte[] sink = new byte[8192];
            long left = SWALLOW_BYTES;
            try {
                int n;
                while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                    left -= n;
                }
            } catch (IOException e) {
                // the client went away: nobody waits for the answer
            }
        }

        private void count(byte[] buffer, int offset, int n) {
            for (int i = offset; bound < 0 && i < offset + n; i++) {
                if (!Character.isWhitespace(buffer[i])) {
                    bound = buffer[i] == '[' ? bulk : single;
                }
            }
            read += n;
            long limit = bound < 0 ? bulk : bound;
            if (read > limit) {
                swallowRest();
                throw new WebApplicationException(tooLarge("longer", limit), Response.Status.REQUEST_ENTITY_TOO_LARGE);
            }
        }
    }
}
