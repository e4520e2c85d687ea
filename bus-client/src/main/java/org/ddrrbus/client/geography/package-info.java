/** The closed lists of places a record may name, so no free text about a place can carry a person's identity. */
package org.ddrrbus.client.geography;
