/** Start-up checks every component shares: a refusal to start is one readable line, never a stack trace. */
package org.ddrrbus.client.start;
