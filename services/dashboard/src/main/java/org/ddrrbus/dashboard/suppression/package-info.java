/** Small-count suppression: which cells of the figures may be shown, and how a withheld one reads. */
package org.ddrrbus.dashboard.suppression;
