#include "kb/hmac.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace kb {
namespace {

constexpr size_t kBlock = 64;  // SHA-256 block size (RFC 2104's B)

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

MdCtx new_ctx() {
  MdCtx c(EVP_MD_CTX_new());
  if (!c) throw std::runtime_error("EVP_MD_CTX_new failed");
  return c;
}

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string(what) + " failed");
}

}  // namespace

struct PrekeyedHmacSha256::States {
  MdCtx inner = new_ctx(), outer = new_ctx();
};

PrekeyedHmacSha256::PrekeyedHmacSha256(std::string_view key) {
  unsigned char block[kBlock] = {};
  if (key.size() > kBlock) {  // long keys are hashed first (RFC 2104)
    unsigned int n = 0;
    check(EVP_Digest(key.data(), key.size(), block, &n, EVP_sha256(), nullptr), "EVP_Digest");
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  auto states = std::make_shared<States>();
  unsigned char pad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  check(EVP_DigestInit_ex(states->inner.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
  check(EVP_DigestUpdate(states->inner.get(), pad, kBlock), "EVP_DigestUpdate");
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  check(EVP_DigestInit_ex(states->outer.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
  check(EVP_DigestUpdate(states->outer.get(), pad, kBlock), "EVP_DigestUpdate");
  states_ = std::move(states);
}

std::array<unsigned char, 32> PrekeyedHmacSha256::mac(std::string_view message) const {
  thread_local MdCtx work = new_ctx();
  unsigned char inner_digest[32];
  std::array<unsigned char, 32> out{};
  unsigned int n = 0;
  check(EVP_MD_CTX_copy_ex(work.get(), states_->inner.get()), "EVP_MD_CTX_copy_ex");
  check(EVP_DigestUpdate(work.get(), message.data(), message.size()), "EVP_DigestUpdate");
  check(EVP_DigestFinal_ex(work.get(), inner_digest, &n), "EVP_DigestFinal_ex");
  check(EVP_MD_CTX_copy_ex(work.get(), states_->outer.get()), "EVP_MD_CTX_copy_ex");
  check(EVP_DigestUpdate(work.get(), inner_digest, sizeof inner_digest), "EVP_DigestUpdate");
  check(EVP_DigestFinal_ex(work.get(), out.data(), &n), "EVP_DigestFinal_ex");
  return out;
}

}  // namespace kb
