/**
 * The evidence vault: media and metadata preserved for authorities (a {@code preserve_evidence}
 * action), encrypted at rest with a key that never enters the database, kept exactly as long as the
 * law says (one year from the report by default, under the US REPORT Act; longer under a legal
 * hold), and read only by specialists and admins, every read audited.
 */
package org.vigil.core.evidence;
