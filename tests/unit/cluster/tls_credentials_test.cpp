// The TLS files loaded with OpenSSL as CAF will load them: certificates made here, in the
// test, so that no key material lives in the repository.
#include "actors/cluster/tls_credentials.hpp"

#include <cstdio>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tests/support/temp_dir.hpp"

namespace sdsim::cluster {
namespace {

class TlsCredentialsTest : public ::testing::Test {
 protected:
  // Writes NAME.crt (self-signed, valid from `from_s` to `to_s` around now) and NAME.key
  // (encrypted with `passphrase` when one is given); returns them as TLS options whose CA is
  // the certificate itself.
  tls_options make(const std::string& name, long from_s = -60, long to_s = 3600,
                   const std::string& passphrase = "") {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), from_s);
    X509_gmtime_adj(X509_getm_notAfter(x), to_s);
    X509_set_pubkey(x, key);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
    X509_set_issuer_name(x, X509_get_subject_name(x));
    X509_sign(x, key, EVP_sha256());
    const auto crt = (dir_.path() / (name + ".crt")).string();
    tls_options o{true, crt, (dir_.path() / (name + ".key")).string(), crt};
    FILE* f = std::fopen(o.cert.c_str(), "w");
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(o.key.c_str(), "w");
    auto* pw = reinterpret_cast<unsigned char*>(const_cast<char*>(passphrase.data()));
    PEM_write_PrivateKey(f, key, passphrase.empty() ? nullptr : EVP_aes_256_cbc(),
                         passphrase.empty() ? nullptr : pw, static_cast<int>(passphrase.size()),
                         nullptr, nullptr);
    std::fclose(f);
    X509_free(x);
    EVP_PKEY_free(key);
    return o;
  }

  // The one problem found, or "" when there is none.
  static std::string problem(const tls_options& o) {
    return tls_credentials_problem(o).value_or("");
  }

  testing::temp_dir dir_{"sdsim_tls_credentials"};
};

TEST_F(TlsCredentialsTest, a_matching_certificate_key_and_ca_load) {
  EXPECT_EQ(problem(make("node")), "");
  EXPECT_TRUE(check_tls(make("node")).empty());
}

TEST_F(TlsCredentialsTest, a_file_that_is_not_pem_is_named) {
  auto o = make("node");
  o.cert = dir_.write("garbage.crt", "not a certificate\n");
  const auto p = problem(o);
  EXPECT_EQ(p.rfind("--tls-cert: '" + o.cert + "' is not a PEM certificate (", 0), 0u) << p;
}

TEST_F(TlsCredentialsTest, the_key_of_another_certificate_is_refused) {
  auto o = make("node");
  o.key = make("other").key;
  const auto p = problem(o);
  EXPECT_EQ(p.rfind("--tls-key: '" + o.key + "'", 0), 0u) << p;
  EXPECT_NE(p.find(o.cert), std::string::npos) << p;
}

TEST_F(TlsCredentialsTest, a_certificate_given_as_key_is_refused) {
  auto o = make("node");
  o.key = o.cert;
  EXPECT_EQ(problem(o).rfind("--tls-key: ", 0), 0u) << problem(o);
}

TEST_F(TlsCredentialsTest, an_encrypted_key_is_refused_without_asking_for_its_passphrase) {
  const auto o = make("node", -60, 3600, "secret");
  const auto p = problem(o);
  EXPECT_NE(p.find("is not the unencrypted PEM private key"), std::string::npos) << p;
}

TEST_F(TlsCredentialsTest, an_expired_or_future_certificate_is_refused) {
  EXPECT_NE(problem(make("old", -7200, -3600)).find("has expired"), std::string::npos);
  EXPECT_NE(problem(make("new", 3600, 7200)).find("is not valid yet"), std::string::npos);
}

TEST_F(TlsCredentialsTest, a_ca_file_without_certificates_is_refused) {
  auto o = make("node");
  o.ca = o.key;
  EXPECT_EQ(problem(o).rfind("--tls-ca: '" + o.key + "' holds no PEM CA certificate", 0), 0u)
      << problem(o);
}

TEST_F(TlsCredentialsTest, check_tls_reports_missing_files_before_parsing_anything) {
  tls_options o;
  o.enabled = true;
  const auto p = check_tls(o);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("missing: --tls-cert, --tls-key, --tls-ca"), std::string::npos);
}

}  // namespace
}  // namespace sdsim::cluster
