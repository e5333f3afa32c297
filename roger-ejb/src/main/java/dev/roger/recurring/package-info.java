/**
 * Recurring jobs: schedules kept in the shared database, each time fired once in the whole cluster
 * by whichever instance holds the schedule's row when it falls due.
 */
package dev.roger.recurring;
