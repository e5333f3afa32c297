package dev.roger.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The management API under {@code /roger/api}. */
@ApplicationPath("api")
public class RogerApi extends Application {}
