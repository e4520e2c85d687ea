/** Border returns: integrated border management's record of people returning across a border. */
package org.ddrrbus.iom.border;
