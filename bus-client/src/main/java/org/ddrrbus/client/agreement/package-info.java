/** The sharing agreement: who may send which event to whom, for which purpose, seeing which fields; loaded and checked once. */
package org.ddrrbus.client.agreement;
