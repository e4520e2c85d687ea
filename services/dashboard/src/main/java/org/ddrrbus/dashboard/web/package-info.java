/** The web: sign-in, the page, the JSON API and its live stream, and the one-line JSON errors. */
package org.ddrrbus.dashboard.web;
