/** Configuration read once at start into typed values, and password hashes (the name rule and roger-web's settings are in dev.roger.spi). A bad value stops the start naming its key. */
package dev.roger.config;
