// What WeChat users said last: channels that cannot carry a context field keep the last context
// per user on the server, bounded (least recently used goes first) and with the contexts' expiry.
// Keys are full user identities (WeChat: ToUserName and FromUserName together).
//
// Thread-safety: all members lock; any number of threads may use one memory.
#pragma once
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace faq {

class ConversationMemory {
 public:
  ConversationMemory(size_t capacity, int64_t ttl_seconds) : capacity_(capacity), ttl_(ttl_seconds) {}
  std::string get(const std::string& user, int64_t now);
  void put(const std::string& user, std::string context, int64_t now);
  size_t size() const;

 private:
  struct Item {
    std::string context;
    int64_t stored;
    std::list<std::string>::iterator order;
  };
  size_t capacity_;
  int64_t ttl_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Item> items_;
  std::list<std::string> order_;  // least recently used first
};

}  // namespace faq
