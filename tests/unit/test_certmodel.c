/* The certificate model: every field decoded from real certificates of the
 * test PKI, places and stores, EKU narrowing by the Blob property,
 * self-signed versus look-alike, thumbprint matching, store states, chains
 * and cached CRLs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ndes-audit/certs.h"
#include "ndes-audit/util.h"
#include "certtest.h"

static const struct cert *by_sha1(const struct cert_facts *cf, const char *sha1)
{
	size_t i;

	for (i = 0; i < cf->ncerts; i++)
		if (strcmp(cf->certs[i].sha1, sha1) == 0)
			return &cf->certs[i];
	fail_msg("no certificate %s in the model", sha1);
	return NULL;
}

static size_t idx_of(const struct cert_facts *cf, const struct cert *c)
{
	return (size_t)(c - cf->certs);
}

static const struct cert *named(const struct audit *a, const char *name)
{
	char sha[41];

	return by_sha1(&a->facts.certs, pki_sha1(name, sha));
}

static int lists(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void test_fields_of_the_tls_certificate(void **state)
{
	char *p = src_path("samples/healthy");
	struct audit a;
	const struct cert *c;
	const struct cert_place *pl;
	uint8_t *der, md[32];
	unsigned mdlen;
	size_t n;
	char *hex, *cer = src_path("tests/fixtures/certs/tls.cer");

	(void)state;
	audit_one(&a, p);
	c = named(&a, "tls");
	assert_string_equal(c->sha1, "0C2ABD48FBAA91D08E6335D2537749BB403F983A");
	der = read_all(cer, &n);
	EVP_Digest(der, n, md, &mdlen, EVP_sha256(), NULL);
	hex = hex_encode(md, mdlen, 1);
	assert_string_equal(c->sha256, hex);
	free(hex);
	free(der);
	assert_string_equal(c->subject, "CN=NDES01.corp.contoso.com, O=Contoso, C=US");
	assert_string_equal(c->issuer, "CN=Contoso Issuing CA, O=Contoso, C=US");
	assert_string_equal(c->subject_cn, "NDES01.corp.contoso.com");
	assert_string_equal(c->issuer_cn, "Contoso Issuing CA");
	assert_string_equal(c->serial, "75AB36C6BB3178DBB80283BBA97A69BA");
	assert_true(c->validity_ok);
	assert_int_equal(c->not_before, days_from_civil(2026, 1, 15) * 86400);
	assert_int_equal(c->not_after, days_from_civil(2099, 12, 15) * 86400);
	assert_false(c->is_ca);
	assert_true(c->ku_present);
	assert_int_equal(c->ku, CERT_KU_DIGITAL_SIGNATURE | CERT_KU_KEY_ENCIPHERMENT);
	assert_true(c->eku_ext);
	assert_int_equal(c->neku, 1);
	assert_string_equal(c->eku[0], OID_EKU_SERVER_AUTH);
	assert_int_equal(c->nsan_dns, 2);
	assert_string_equal(c->san_dns[0], "NDES01.corp.contoso.com");
	assert_string_equal(c->san_dns[1], "ndes.contoso.com");
	assert_string_equal(c->template_name, "WebServer");
	assert_null(c->template_oid);
	assert_int_equal(c->ncdp, 1);
	assert_string_equal(c->cdp[0], "http://pki.corp.contoso.com/cdp/Contoso-Issuing-CA.crl");
	assert_int_equal(c->naia, 2);
	assert_string_equal(c->aia[0], "http://pki.corp.contoso.com/aia/Contoso-Issuing-CA.crt");
	assert_string_equal(c->aia[1], "OCSP: http://pki.corp.contoso.com/ocsp");
	assert_non_null(c->ski);
	assert_string_equal(c->aki, named(&a, "issuing")->ski);
	assert_false(c->name_self);
	assert_int_equal(c->self_signed, 0);
	assert_int_equal(c->nissuers, 1);
	assert_ptr_equal(&a.facts.certs.certs[c->issuers[0]], named(&a, "issuing"));
	/* Its place: MY in the hive, with the key reference, never the container. */
	assert_int_equal(c->nplaces, 1);
	pl = &a.facts.certs.places[c->places[0]];
	assert_string_equal(pl->store, "MY");
	assert_int_equal(pl->origin, CORIGIN_LOCAL);
	assert_string_equal(pl->location, "Microsoft\\SystemCertificates\\MY\\Certificates\\"
					  "0C2ABD48FBAA91D08E6335D2537749BB403F983A\\Blob");
	assert_true(pl->has_props);
	assert_true(pl->has_key);
	assert_string_equal(pl->key_provider, "Microsoft Enhanced RSA and AES Cryptographic Provider");
	assert_int_equal(pl->key_prov_type, 24);
	assert_int_equal(pl->key_spec, 1);
	assert_string_equal(pl->friendly_name, "NDES01 TLS");
	assert_false(pl->eku_any);
	assert_true(place_has_eku(pl, OID_EKU_SERVER_AUTH));
	assert_false(place_has_eku(pl, OID_EKU_CLIENT_AUTH));
	audit_free(&a);
	free(p);
	free(cer);
}

static void test_templates_self_signed_and_look_alike(void **state)
{
	char *p = src_path("samples/exported-stores");
	struct audit a;
	const struct cert *c;

	(void)state;
	audit_one(&a, p);
	c = named(&a, "root");
	assert_true(c->name_self);
	assert_int_equal(c->self_signed, 1);
	assert_true(c->is_ca);
	assert_int_equal(c->ku, CERT_KU_KEY_CERT_SIGN | CERT_KU_CRL_SIGN | CERT_KU_DIGITAL_SIGNATURE);
	/* Issuer text equals subject text, but another key signed it. */
	c = named(&a, "root-crosscert");
	assert_string_equal(c->subject, c->issuer);
	assert_true(c->name_self);
	assert_int_equal(c->self_signed, 0);
	assert_non_null(strstr(c->self_signed_why, "another key signed it"));
	assert_int_equal(c->nissuers, 1);
	assert_ptr_equal(&a.facts.certs.certs[c->issuers[0]], named(&a, "root"));
	c = named(&a, "ra-sign");
	assert_string_equal(c->template_name, "EnrollmentAgentOffline");
	assert_true(lists(c->eku, c->neku, OID_EKU_REQUEST_AGENT));
	assert_int_equal(c->ku, CERT_KU_DIGITAL_SIGNATURE);
	c = named(&a, "ra-enc");
	assert_string_equal(c->template_name, "CEPEncryption");
	assert_int_equal(c->ku, CERT_KU_KEY_ENCIPHERMENT);
	c = named(&a, "pm");
	assert_string_equal(c->template_oid, "1.3.6.1.4.1.311.21.8.1.2.3.4.5.7 v100.5");
	assert_null(c->template_name);
	/* The issuing CA is in two files (CA and Intermediate folders): one
	 * certificate, two places, both in store CA. */
	c = named(&a, "issuing");
	assert_int_equal(c->nplaces, 2);
	assert_string_equal(a.facts.certs.places[c->places[0]].store, "CA");
	assert_string_equal(a.facts.certs.places[c->places[1]].store, "CA");
	assert_int_equal(a.facts.certs.places[c->places[0]].origin, CORIGIN_FILE);
	assert_int_equal(a.facts.certs.hive_state, 0); /* this SOFTWARE hive has no stores */
	audit_free(&a);
	free(p);
}

static void test_eku_property_narrows_the_extension(void **state)
{
	const char *pairs[] = {"tests/fixtures/hives/software-certs-ekuprop.hiv", "SOFTWARE.hiv", NULL};
	char *dir = cert_bundle(pairs), *text;
	struct audit a;
	const struct cert *c;
	const struct cert_place *pl;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	c = named(&a, "pm");
	assert_true(lists(c->eku, c->neku, OID_EKU_CLIENT_AUTH));
	pl = &a.facts.certs.places[c->places[0]];
	assert_true(pl->eku_from_prop);
	assert_int_equal(pl->neku, 1);
	assert_true(place_has_eku(pl, OID_EKU_SERVER_AUTH));
	assert_false(place_has_eku(pl, OID_EKU_CLIENT_AUTH));
	text = place_eku_text(pl);
	assert_string_equal(text, "Server Authentication (1.3.6.1.5.5.7.3.1) [narrowed by the "
				  "ENHKEY_USAGE property]");
	free(text);
	/* No EKU at all: every usage. */
	c = named(&a, "root");
	pl = &a.facts.certs.places[c->places[0]];
	assert_true(pl->eku_any);
	assert_true(place_has_eku(pl, OID_EKU_CLIENT_AUTH));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_places_and_store_labels(void **state)
{
	char *p = src_path("samples/gpo-intermediate");
	struct audit a;
	const struct cert *c;
	size_t i, gpo = 0;

	(void)state;
	audit_one(&a, p);
	c = named(&a, "issuing");
	assert_int_equal(c->nplaces, 2);
	for (i = 0; i < c->nplaces; i++) {
		const struct cert_place *pl = &a.facts.certs.places[c->places[i]];
		char *label = place_store_label(pl);

		if (pl->origin == CORIGIN_GPO) {
			gpo++;
			assert_string_equal(label, "Group Policy Root");
			assert_true(place_in_store(pl, "root"));
		} else {
			assert_string_equal(label, "CA");
			assert_false(place_in_store(pl, "ROOT"));
		}
		free(label);
	}
	assert_int_equal(gpo, 1);
	assert_true(cert_in_root(&a.facts.certs, idx_of(&a.facts.certs, c)));
	/* AuthRoot is part of logical Root. */
	c = named(&a, "fabrikam-root");
	assert_true(place_in_store(&a.facts.certs.places[c->places[0]], "ROOT"));
	assert_true(place_in_store(&a.facts.certs.places[c->places[0]], "AuthRoot"));
	audit_free(&a);
	free(p);
}

static void test_thumbprints_match_in_any_case_and_spacing(void **state)
{
	char t[41];

	(void)state;
	assert_int_equal(thumb_normalize("0c2abd48fbaa91d08e6335d2537749bb403f983a", t), 0);
	assert_string_equal(t, "0C2ABD48FBAA91D08E6335D2537749BB403F983A");
	assert_int_equal(thumb_normalize("0c 2a bd 48 fb aa 91 d0 8e 63 35 d2 53 77 49 bb 40 3f 98 3a", t),
			 0);
	assert_string_equal(t, "0C2ABD48FBAA91D08E6335D2537749BB403F983A");
	/* the left-to-right mark the certificate dialog copies, and colons */
	assert_int_equal(thumb_normalize("\xe2\x80\x8e" "0C:2A:BD:48:FB:AA:91:D0:8E:63:35:D2:53:77:49:BB:"
					 "40:3F:98:3A", t),
			 0);
	assert_string_equal(t, "0C2ABD48FBAA91D08E6335D2537749BB403F983A");
	assert_int_equal(thumb_normalize("0C2ABD48FBAA91D08E6335D2537749BB403F983", t), -1);
	assert_int_equal(thumb_normalize("0C2ABD48FBAA91D08E6335D2537749BB403F983A5", t), -1);
	assert_int_equal(thumb_normalize("see the connector's UI", t), -1);
	assert_int_equal(thumb_normalize("", t), -1);
}

static void test_store_states(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/my.sst", "My.sst", NULL};
	char *dir = cert_bundle(pairs), *why = NULL, *p;
	struct audit a;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(certs_store_state(&a.facts.certs, "MY", &why), STORE_KNOWN);
	assert_non_null(strstr(why, "My.sst"));
	free(why);
	assert_int_equal(certs_store_state(&a.facts.certs, "ROOT", &why), STORE_ABSENT);
	free(why);
	audit_free(&a);
	/* A damaged Root.sst next to a good one: partial; alone: error. */
	p = xasprintf("%s/Root.sst", dir);
	write_file(p, "\0\0\0\0CERT\x20\0\0\0\1\0\0\0\xff\xff\0\0", 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(certs_store_state(&a.facts.certs, "ROOT", &why), STORE_ERROR);
	assert_non_null(strstr(why, "Root.sst: element 1: offset 8: record id 32 claims 65535 bytes"));
	free(why);
	audit_free(&a);
	free(p);
	p = xasprintf("%s/AuthRoot.pem", dir);
	{
		char *from = src_path("tests/fixtures/certs/chain.pem");

		copy_file(from, p);
		free(from);
	}
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(certs_store_state(&a.facts.certs, "ROOT", &why), STORE_PARTIAL);
	free(why);
	audit_free(&a);
	free(p);
	rm_rf(dir);
	free(dir);
}

static void test_chains_at_a_time(void **state)
{
	char *p = src_path("samples/healthy");
	struct audit a;
	struct cert_chain ch;
	const struct cert_facts *cf;

	(void)state;
	audit_one(&a, p);
	cf = &a.facts.certs;
	certs_chain(cf, idx_of(cf, named(&a, "tls")), AS_OF_2026_06_01, &ch);
	assert_int_equal(ch.status, CHAIN_OK);
	assert_int_equal(ch.n, 3);
	assert_ptr_equal(&cf->certs[ch.link[1]], named(&a, "issuing"));
	assert_ptr_equal(&cf->certs[ch.link[2]], named(&a, "root"));
	/* The same chain after the leaf expired. */
	certs_chain(cf, idx_of(cf, named(&a, "tls")), days_from_civil(2100, 6, 1) * 86400, &ch);
	assert_int_equal(ch.status, CHAIN_NOT_TIME_VALID);
	assert_int_equal(ch.bad, 0);
	audit_free(&a);
	free(p);
}

static void test_chain_missing_issuer_untrusted_root_and_disallowed(void **state)
{
	const char *p1[] = {"tests/fixtures/hives/software-certs-current.hiv", "SOFTWARE.hiv", NULL};
	const char *p2[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra.cer",
			    "tests/fixtures/certs/issuing.cer", "CA/issuing.cer",
			    "tests/fixtures/certs/root.cer", "CA/root.cer", NULL};
	const char *p3[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra.cer",
			    "tests/fixtures/certs/issuing.cer", "CA/issuing.cer",
			    "tests/fixtures/certs/root.cer", "Root/root.cer",
			    "tests/fixtures/certs/issuing.cer", "Disallowed/issuing.cer", NULL};
	char *dir;
	struct audit a;
	struct cert_chain ch;

	(void)state;
	dir = cert_bundle(p1);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	certs_chain(&a.facts.certs, idx_of(&a.facts.certs, named(&a, "ra-sign-otherca")),
		    AS_OF_2026_06_01, &ch);
	assert_int_equal(ch.status, CHAIN_NO_ISSUER);
	assert_int_equal(ch.n, 1);
	audit_free(&a);
	rm_rf(dir);
	free(dir);

	dir = cert_bundle(p2);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	certs_chain(&a.facts.certs, idx_of(&a.facts.certs, named(&a, "ra-sign")), AS_OF_2026_06_01,
		    &ch);
	assert_int_equal(ch.status, CHAIN_UNTRUSTED_ROOT);
	assert_int_equal(ch.n, 3);
	assert_int_equal(ch.bad, 2);
	audit_free(&a);
	rm_rf(dir);
	free(dir);

	dir = cert_bundle(p3);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	certs_chain(&a.facts.certs, idx_of(&a.facts.certs, named(&a, "ra-sign")), AS_OF_2026_06_01,
		    &ch);
	assert_int_equal(ch.status, CHAIN_DISALLOWED);
	assert_int_equal(ch.bad, 1);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_crls_and_revocation(void **state)
{
	const char *pairs[] = {"tests/fixtures/hives/software-certs-misc.hiv", "SOFTWARE.hiv", NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;
	const struct crl *crl;
	size_t i, lapsed = 0;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(a.facts.certs.ncrls, 2);
	for (i = 0; i < a.facts.certs.ncrls; i++) {
		const struct crl *c = &a.facts.certs.crls[i];

		assert_string_equal(c->store, "CA");
		if (strcmp(c->issuer_cn, "Contoso Issuing CA") == 0) {
			lapsed++;
			assert_true(c->has_next_update);
			assert_int_equal(c->next_update, days_from_civil(2026, 5, 28) * 86400);
			assert_int_equal(c->nrevoked, 1);
		}
	}
	assert_int_equal(lapsed, 1);
	assert_true(certs_revoked(&a.facts.certs, named(&a, "tls-clientonly"), &crl));
	assert_string_equal(crl->issuer_cn, "Contoso Issuing CA");
	assert_false(certs_revoked(&a.facts.certs, named(&a, "pm-wrongsubject"), &crl));
	/* The damaged Blobs of this fixture are problems, not certificates. */
	assert_true(a.facts.certs.nproblems >= 7);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

/* Stores the classic table does not name: a store Windows itself creates
 * (FlightRoot) keeps its name, and one of the administrator's own naming is
 * read and reported under its own name, owned by the facts: the names stay
 * valid after the hive walk (a use-after-free under ASan before). */
static void test_stores_outside_the_classic_table(void **state)
{
	const char *pairs[] = {"tests/fixtures/hives/software-certs-otherstores.hiv", "SOFTWARE.hiv",
			       "samples/healthy/registry/SYSTEM.hiv", "SYSTEM.hiv", NULL};
	struct audit a;
	char *dir = cert_audit_pairs(&a, pairs);
	const struct cert_facts *cf = &a.facts.certs;
	const struct cert_place *first = NULL;
	size_t i, flight = 0, lab = 0, labcrl = 0;
	char *why = NULL, sha[41];

	(void)state;
	for (i = 0; i < cf->nplaces; i++) {
		const struct cert_place *p = &cf->places[i];

		if (strcmp(p->store, "FlightRoot") == 0) {
			flight++;
			assert_string_equal(p->store_key, "FlightRoot");
			assert_true(place_in_store(p, "flightroot"));
			assert_false(place_in_store(p, "ROOT"));
		}
		if (strcmp(p->store, "Contoso Lab Store") == 0) {
			lab++;
			assert_true(place_in_store(p, "CONTOSO LAB STORE"));
		}
	}
	for (i = 0; i < cf->ncrls; i++)
		if (strcmp(cf->crls[i].store, "Contoso Lab Store") == 0)
			labcrl++;
	assert_int_equal(flight, 1);
	assert_int_equal(lab, 1);
	assert_int_equal(labcrl, 2);
	/* One owned copy per store name, not one per element. */
	assert_int_equal(cf->other_stores.n, 1);
	assert_string_equal(cf->other_stores.v[0], "Contoso Lab Store");
	/* Look-ups after the walk compare the names (what read freed memory). */
	assert_int_equal(certs_find(cf, "contoso lab store", pki_sha1("issuing", sha), &first), 1);
	assert_string_equal(first->store, "Contoso Lab Store");
	assert_int_equal(certs_store_state(cf, "FlightRoot", &why), STORE_KNOWN);
	free(why);
	assert_non_null(result_with(&a, "connector.cert.validity", ""));
	cert_audit_done(&a, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_of_the_tls_certificate),
		cmocka_unit_test(test_templates_self_signed_and_look_alike),
		cmocka_unit_test(test_eku_property_narrows_the_extension),
		cmocka_unit_test(test_places_and_store_labels),
		cmocka_unit_test(test_thumbprints_match_in_any_case_and_spacing),
		cmocka_unit_test(test_store_states),
		cmocka_unit_test(test_chains_at_a_time),
		cmocka_unit_test(test_chain_missing_issuer_untrusted_root_and_disallowed),
		cmocka_unit_test(test_crls_and_revocation),
		cmocka_unit_test(test_stores_outside_the_classic_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
