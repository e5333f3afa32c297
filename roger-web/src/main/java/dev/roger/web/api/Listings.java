package dev.roger.web.api;

import dev.roger.api.Listing;
import jakarta.ws.rs.core.Response;

/** A listing answers its items as a JSON array, as before; a header says whether the byte budget cut it short. */
final class Listings {

    static final String TRUNCATED = "Roger-Truncated";

    private Listings() {}

    static Response ok(Listing<?> listing) {
        return Response.ok(listing.items())
                .header(TRUNCATED, listing.truncated())
                .build();
    }
}
