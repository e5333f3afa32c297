/** The admin page (Jakarta Faces): the cluster, its queues and running jobs, and the operator's actions. */
package dev.roger.web.admin;
