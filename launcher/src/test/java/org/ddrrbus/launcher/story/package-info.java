/**
 * The referral story's steps over the services' HTTP API, and the stage they are played on, shared by every test that
 * plays it (in this module and, as the launcher's test jar, in hosts and reliability).
 */
package org.ddrrbus.launcher.story;
