/** The demo job types the run command and the tests use: sleep, echo and fail. */
package dev.roger.web.demo;
