/** Logging that stays readable under a flood: budgets of lines per window. */
package dev.roger.logging;
