// Work from other threads (sync status, export progress) handed to the main thread, which alone
// touches UI state (Tracy's RunQueue). post() wakes the event loop through a callback.
//
// **Example**:
//   #include <thread>
//   MainThreadQueue queue;
//   std::string status;
//   std::thread worker([&] { queue.post([&status] { status = "klaar"; }); });  // any thread
//   worker.join();
//   queue.run_all();                                   // main thread, once per loop: status == "klaar"
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace peilpunt::kiosk {

class MainThreadQueue {
 public:
  // Called after each post (e.g. glfwPostEmptyEvent), set before any other thread posts.
  void set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }

  void post(std::function<void()> task) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
      wake = wake_;
    }
    if (wake) wake();
  }

  // Returns how many tasks ran.
  std::size_t run_all() {
    std::vector<std::function<void()>> now;
    {
      std::lock_guard lock(mutex_);
      now.swap(tasks_);
    }
    for (auto& task : now) task();
    return now.size();
  }

 private:
  std::function<void()> wake_;
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

}  // namespace peilpunt::kiosk
