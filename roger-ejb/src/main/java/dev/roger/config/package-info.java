/** Configuration read once at start into typed values, with the naming rule and password hashes. A bad value stops the start naming its key. */
package dev.roger.config;
