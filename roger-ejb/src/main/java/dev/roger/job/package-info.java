/** Jobs as messages: the job types found in CDI, the JSON of a job and its args, and job ids. */
package dev.roger.job;
