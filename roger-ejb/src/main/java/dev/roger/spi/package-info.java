/**
 * What Roger's own web module (roger-web) needs from the engine beyond the public API: its login
 * settings ({@code WebSettings}), the queue-list syntax and the name rule. Not for users'
 * applications; it may change in any release. roger-web may use {@code dev.roger.api}, this package
 * and {@code dev.roger.config.PasswordHash} (kept there because the README's hashing command names it),
 * and nothing else of the engine; its ArchitectureTest checks that.
 */
package dev.roger.spi;
