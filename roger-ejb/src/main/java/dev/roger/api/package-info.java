/** Roger's public API: what users inject ({@code RogerService}), implement ({@code Job}, {@code JobType}) and observe (the job events), with the values and exceptions these use. Everything else is internal. */
package dev.roger.api;
