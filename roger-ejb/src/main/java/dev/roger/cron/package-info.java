/**
 * The fire times of a cron expression in a time zone, daylight saving included. Depends on nothing
 * of Roger's; the cron syntax itself is cron-utils'.
 */
package dev.roger.cron;
