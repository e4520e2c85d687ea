/**
 * The staff's work pages: sign-in with a session, the referral inbox, the case page and a form for every action the
 * agency's role allows, in English and Kiswahili. Every form is sent on to the REST API inside the service, so a form
 * refuses exactly what the API refuses, with the API's words.
 */
package org.ddrrbus.casework.web;
