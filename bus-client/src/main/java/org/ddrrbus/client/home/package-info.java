/** The layout of a node home: one agency's settings and secrets, and nothing of anyone else's. */
package org.ddrrbus.client.home;
