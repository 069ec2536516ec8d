/* How a configuration value was withheld: the one piece of the IIS
 * reader's vocabulary that the IIS model (and so checks and reports) must
 * name too. Secrets are never stored, only that they are set and by which
 * provider they were encrypted. */
#ifndef NDES_AUDIT_SECRET_H
#define NDES_AUDIT_SECRET_H

enum xattr_secret {
	XSECRET_NONE,
	XSECRET_ENCRYPTED,      /* [enc:PROVIDER:...:enc] */
	XSECRET_CLEARTEXT,      /* a password attribute written in clear text */
	XSECRET_KEY             /* sessionKey: key material protected by the machine */
};

#endif
