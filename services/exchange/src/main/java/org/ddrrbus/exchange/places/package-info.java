/** Places: the check that an event names only the places the sharing agreement lists. */
package org.ddrrbus.exchange.places;
