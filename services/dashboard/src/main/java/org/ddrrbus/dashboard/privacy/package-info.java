/**
 * Release noise: what makes a published figure say little about any one event, however the figures are compared over
 * time (see docs/dashboard.md, "Releases and noise").
 */
package org.ddrrbus.dashboard.privacy;
