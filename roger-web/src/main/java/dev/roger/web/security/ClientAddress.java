package dev.roger.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The client's address for the login throttle: the TCP peer, or, when {@code roger.security.client-address-header}
 * names a header (say X-Forwarded-For), that header's last entry: the one the proxy in front of Roger
 * appended. Entries before it come from the client and could be forged.
 */
final class ClientAddress {

    private ClientAddress() {}

    static String of(HttpServletRequest request, Optional<String> header) {
        return header.map(request::getHeader)
                .map(ClientAddress::lastEntry)
                .filter(a -> !a.isEmpty())
                .orElse(request.getRemoteAddr());
    }

    static String lastEntry(String value) {
        String last = value.substring(value.lastIndexOf(',') + 1).trim();
        return last.length() > 100 ? last.substring(0, 100) : last;
    }
}
