/** The management API (Jakarta REST, JSON): applications, jobs, queues, buried and parked jobs, the cluster; errors as problem details. */
package dev.roger.web.api;
