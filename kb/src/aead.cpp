#include "kb/aead.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <atomic>
#include <memory>
#include <stdexcept>

namespace kb {
namespace {

std::atomic<uint64_t> next_id{1};

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// One thread's contexts, keyed for the key `id` (0: none yet), and its nonce counter.
struct ThreadState {
  uint64_t id = 0;
  CipherCtx seal{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
  CipherCtx open{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
  unsigned char nonce[Aes256Gcm::kNonceBytes] = {};
  bool seeded = false;
};

ThreadState& state_for(uint64_t id, const std::array<unsigned char, 32>& key) {
  thread_local ThreadState s;
  if (!s.seal || !s.open) throw std::runtime_error("no cipher context");
  if (s.id != id) {
    if (EVP_EncryptInit_ex(s.seal.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1 ||
        EVP_DecryptInit_ex(s.open.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1)
      throw std::runtime_error("cannot key AES-256-GCM");
    s.id = id;
  }
  return s;
}

// The thread's next nonce: random once, then its low 8 bytes count up.
bool next_nonce(ThreadState& s, unsigned char* out) {
  if (!s.seeded) {
    if (RAND_bytes(s.nonce, sizeof s.nonce) != 1) return false;
    s.seeded = true;
  }
  for (size_t i = sizeof s.nonce; i-- > 4;)
    if (++s.nonce[i] != 0) break;
  std::copy(std::begin(s.nonce), std::end(s.nonce), out);
  return true;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Aes256Gcm::Aes256Gcm(const std::array<unsigned char, 32>& key) : key_(key), id_(next_id++) {}

std::optional<std::string> Aes256Gcm::seal(std::string_view plain, std::string_view associated) const {
  ThreadState& s = state_for(id_, key_);
  std::string out(kNonceBytes + plain.size() + kTagBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  EVP_CIPHER_CTX* ctx = s.seal.get();
  int len = 0;
  const bool ok = next_nonce(s, o) && EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, o) == 1 &&
                  EVP_EncryptUpdate(ctx, nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1 &&
                  EVP_EncryptUpdate(ctx, o + kNonceBytes, &len, bytes(plain), static_cast<int>(plain.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx, o + kNonceBytes + len, &len) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, o + kNonceBytes + plain.size()) == 1;
  return ok ? std::optional<std::string>(std::move(out)) : std::nullopt;
}

std::optional<std::string> Aes256Gcm::open(std::string_view sealed, std::string_view associated) const {
  if (sealed.size() < kNonceBytes + kTagBytes) return std::nullopt;
  ThreadState& s = state_for(id_, key_);
  const size_t n = sealed.size() - kNonceBytes - kTagBytes;
  std::string plain(n, '\0');
  auto* p = reinterpret_cast<unsigned char*>(plain.data());
  // The tag is only read, but OpenSSL's interface takes a mutable pointer.
  std::string tag(sealed.substr(kNonceBytes + n));
  EVP_CIPHER_CTX* ctx = s.open.get();
  int len = 0;
  const bool ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, bytes(sealed)) == 1 &&
                  EVP_DecryptUpdate(ctx, nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1 &&
                  EVP_DecryptUpdate(ctx, p, &len, bytes(sealed) + kNonceBytes, static_cast<int>(n)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx, p + len, &len) == 1;
  return ok ? std::optional<std::string>(std::move(plain)) : std::nullopt;
}

}  // namespace kb
