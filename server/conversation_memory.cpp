#include "conversation_memory.h"

namespace faq {

std::string ConversationMemory::get(const std::string& user, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(user);
  if (it == items_.end()) return "";
  if (now - it->second.stored > ttl_) {
    order_.erase(it->second.order);
    items_.erase(it);
    return "";
  }
  order_.splice(order_.end(), order_, it->second.order);  // now the most recently used
  return it->second.context;
}

void ConversationMemory::put(const std::string& user, std::string context, int64_t now) {
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(user);
  if (it != items_.end()) {
    order_.erase(it->second.order);
    items_.erase(it);
  }
  order_.push_back(user);
  items_.emplace(user, Item{std::move(context), now, std::prev(order_.end())});
  while (items_.size() > capacity_) {
    items_.erase(order_.front());
    order_.pop_front();
  }
}

size_t ConversationMemory::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return items_.size();
}

}  // namespace faq
