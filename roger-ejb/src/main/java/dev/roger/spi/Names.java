package dev.roger.spi;

import java.util.regex.Pattern;

/** The rule for application and queue names, which become parts of RabbitMQ queue names. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,100}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String rule() {
        return "1 to 100 letters, digits or underscores";
    }
}
