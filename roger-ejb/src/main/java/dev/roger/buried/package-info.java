/** What operators act on after the fact: buried jobs and parked messages, listed, retried and deleted from the shared database. */
package dev.roger.buried;
