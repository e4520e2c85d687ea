/** The closed set of reasons an event is refused, shared by every component that refuses one. */
package org.ddrrbus.client.rejection;
