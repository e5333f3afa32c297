/** Who may use the admin page and the API: configured users and roles, one authentication mechanism for both doors. */
package dev.roger.web.security;
