/** Text shown to people: refusals as one readable line. */
package org.ddrrbus.client.text;
