#ifndef FRISTVAKT_RULES_STATUS_H_
#define FRISTVAKT_RULES_STATUS_H_

#include <string>
#include <utility>

namespace fristvakt {

// The outcome of an operation that can fail at run time. Cheap to copy when ok.
// The codes map one to one onto the command line's exit codes (docs/operator-guide.md).
class [[nodiscard]] Status {
 public:
  enum class Code { kOk = 0, kBadInput = 1, kUsage = 2, kUnavailable = 3, kNotFound = 4 };

  Status() = default;
  static Status Ok() { return Status(); }
  // The input (a file, an argument's value, a request body) is wrong; the message says where.
  static Status BadInput(std::string message) {
    return Status(Code::kBadInput, std::move(message));
  }
  // What was asked for does not exist (a measure's id); bad input on the command line.
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  // The command was called the wrong way.
  static Status Usage(std::string message) { return Status(Code::kUsage, std::move(message)); }
  // The work could not be done: database, file system, network.
  static Status Unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  int exit_code() const {
    return code_ == Code::kNotFound ? static_cast<int>(Code::kBadInput) : static_cast<int>(code_);
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_STATUS_H_
