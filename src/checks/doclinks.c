/* Each check's reference page (issue 16.2): one table keyed by check ID or
 * ID prefix, the longest match winning, so that a new row in checks.def
 * gets the page of its area without touching this file. Every URL here
 * was read from Microsoft's own pages or scripts; none is made up. */
#include "config.h"

#include <string.h>

#include "ndes-audit/check.h"

static const struct {
	const char *prefix;   /* a check ID, or the start of one ("httpsys.") */
	const char *url;
} doc_links[] = {
	/* Configure infrastructure to support SCEP with Intune: NDES, the
	 * templates, IIS and the server, the default for every check. */
	{"", "https://learn.microsoft.com/en-us/mem/intune/protect/certificates-scep-configure"},
	/* Certificate Connector for Microsoft Intune (the link Microsoft's
	 * Validate-NDESConfiguration.ps1 prints for the connector). */
	{"connector.", "https://learn.microsoft.com/en-us/mem/intune/protect/certificate-connector-overview"},
	/* Http.sys registry settings (KB 820129): MaxFieldLength, MaxRequestBytes. */
	{"httpsys.max_", "https://learn.microsoft.com/en-us/troubleshoot/iis/httpsys-registry-windows"},
	/* IIS request limits (maxUrl, maxQueryString). */
	{"iis.request_limits.", "https://learn.microsoft.com/en-us/iis/configuration/system.webServer/security/requestfiltering/requestlimits"},
	/* Application pool identities. */
	{"iis.scep_pool.", "https://learn.microsoft.com/en-us/iis/manage/configuring-security/application-pool-identities"},
	/* The user right "Impersonate a client after authentication". */
	{"rights.impersonate.", "https://docs.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/dn221967%28v%3Dws.10%29"},
	/* The SCEP troubleshooting flow: device to NDES, read from the IIS logs. */
	{"log.", "https://learn.microsoft.com/en-us/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes"},
	/* The SCEP troubleshooting flow: NDES and the Intune policy module. */
	{"policymodule.", "https://learn.microsoft.com/en-us/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module"},
	{"evt.", "https://learn.microsoft.com/en-us/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module"},
};

const char *check_help_uri(const struct check_def *c)
{
	size_t i, best = 0, best_len = 0;

	for (i = 0; i < sizeof(doc_links) / sizeof(doc_links[0]); i++) {
		size_t n = strlen(doc_links[i].prefix);

		if (n >= best_len && strncmp(c->id, doc_links[i].prefix, n) == 0) {
			best = i;
			best_len = n;
		}
	}
	return doc_links[best].url;
}

const char *check_help_prefix(size_t i)
{
	return i < sizeof(doc_links) / sizeof(doc_links[0]) ? doc_links[i].prefix : NULL;
}
