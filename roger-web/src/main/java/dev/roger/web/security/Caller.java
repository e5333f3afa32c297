package dev.roger.web.security;

import java.util.Set;

/** Who logged in and the groups (Roger's roles) they have. */
record Caller(String name, Set<String> groups) {

    public Caller {
        groups = Set.copyOf(groups);
    }
}
