/** A donor embassy's service: it sees the published figures only, never an event about a person. */
package org.ddrrbus.embassy;
