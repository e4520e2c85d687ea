/** Running a federation link between two buses: setup on both, both exchanges' sides, and MirrorMaker 2 between. */
package org.ddrrbus.federation.run;
