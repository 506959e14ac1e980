#include "tocsin/fetch/download.h"

#include <fmt/format.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "digest.h"

namespace tocsin::fetch {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::uint64_t kProgressEveryBytes = std::uint64_t{256} << 10;
// A read that failed after at least this share of the read timeout without data
// is reported as a timeout; sooner, the server closed the connection.
constexpr double kTimeoutShare = 0.9;
constexpr int kHttpOk = 200;
constexpr int kHttpNotFound = 404;
constexpr int kHttpGone = 410;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

struct UrlParts {
  std::string origin;  // scheme://host[:port]
  std::string path;    // /path?query
};

Result<UrlParts> SplitUrl(const std::string& url) {
  std::string lower = url.substr(0, std::min<std::size_t>(url.size(), 8));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::size_t scheme_end = lower.starts_with("http://") ? 7 : lower.starts_with("https://") ? 8 : 0;
  if (scheme_end == 0) return InvalidArgumentError(fmt::format("{}: not an http:// or https:// URL", url));
  const std::size_t host_end = url.find_first_of("/?#", scheme_end);
  UrlParts parts;
  parts.origin = url.substr(0, host_end);
  if (parts.origin.size() == scheme_end)
    return InvalidArgumentError(fmt::format("{}: the URL names no host", url));
  // The path runs from the first '/' or '?' after the host to any '#'; a query
  // without a path gets the root path in front of it.
  const std::string rest = host_end == std::string::npos ? std::string() : url.substr(host_end);
  const std::string_view target = std::string_view(rest).substr(0, rest.find('#'));
  parts.path = target.starts_with('/') ? std::string(target) : "/" + std::string(target);
  return parts;
}

// Where the bytes of a response go; an error stops the transfer.
using Sink = std::function<Status(std::string_view bytes)>;

struct Transfer {
  std::uint64_t bytes = 0;
  double seconds = 0;
};

// GETs `url` into `sink`, turning every way a transfer can fail into a Status
// that names the URL and the cause.
Result<Transfer> Get(const std::string& url, const DownloadOptions& options, const Sink& sink) {
  TOCSIN_ASSIGN_OR_RETURN(const UrlParts parts, SplitUrl(url));
  httplib::Client client(parts.origin);
  if (!client.is_valid()) return InvalidArgumentError(fmt::format("{}: cannot use this URL", url));
  client.set_connection_timeout(options.connect_timeout);
  client.set_read_timeout(options.read_timeout);
  client.set_follow_location(true);
  // The bytes are checked against sizes and checksums as published, so they
  // must arrive as stored: no transfer compression.
  client.set_decompress(false);
  client.set_default_headers({{"User-Agent", options.user_agent}});

  const auto start = Clock::now();
  auto last_data = start;
  int status = 0;
  std::optional<std::uint64_t> content_length;
  std::uint64_t received = 0;
  std::uint64_t next_progress = kProgressEveryBytes;
  Status sink_error;
  bool cancelled = false;
  bool too_large = false;  // beyond options.max_bytes

  const auto report = [&](bool done) {
    if (!options.on_progress) return;
    options.on_progress({.url = &url,
                         .bytes = received,
                         .total = content_length.value_or(0),
                         .seconds = SecondsSince(start),
                         .done = done});
  };
  const auto on_response = [&](const httplib::Response& response) {
    status = response.status;
    if (status != kHttpOk) return false;
    if (response.has_header("Content-Length")) {
      content_length = std::strtoull(response.get_header_value("Content-Length").c_str(), nullptr, 10);
      if (*content_length > options.max_bytes) {
        too_large = true;
        return false;
      }
    }
    return true;
  };
  const auto on_bytes = [&](const char* data, std::size_t size) {
    last_data = Clock::now();
    if (received + size > options.max_bytes) {
      too_large = true;
      return false;
    }
    received += size;
    sink_error = sink(std::string_view(data, size));
    if (!sink_error.ok()) return false;
    if (options.cancelled && options.cancelled()) {
      cancelled = true;
      return false;
    }
    if (received >= next_progress) {
      report(false);
      next_progress = received + kProgressEveryBytes;
    }
    return true;
  };
  const httplib::Result result = client.Get(parts.path, on_response, on_bytes);
  const auto silent_for = std::chrono::duration<double>(Clock::now() - last_data).count();
  const double timeout = std::chrono::duration<double>(options.read_timeout).count();

  if (!sink_error.ok()) return sink_error.WithContext(fmt::format("GET {}", url));
  if (cancelled) return UnavailableError(fmt::format("GET {}: cancelled after {} bytes", url, received));
  if (too_large) {
    return IoError(fmt::format(
        "GET {}: larger than the limit of {} bytes{}; nothing kept (raise it with --max-bytes)", url,
        options.max_bytes, content_length ? fmt::format(" (Content-Length {})", *content_length) : ""));
  }
  if (status != 0 && status != kHttpOk) {
    const std::string why = fmt::format("GET {}: HTTP {} {}", url, status, ReasonPhrase(status));
    if (status == kHttpNotFound || status == kHttpGone) return NotFoundError(why);
    return UnavailableError(why);
  }
  switch (result.error()) {
    case httplib::Error::Success:
      break;
    case httplib::Error::Connection:
      return UnavailableError(fmt::format("GET {}: cannot connect to {}", url, parts.origin));
    case httplib::Error::ConnectionTimeout:
      return UnavailableError(fmt::format("GET {}: cannot connect to {} within {:g} s", url, parts.origin,
                                          std::chrono::duration<double>(options.connect_timeout).count()));
    case httplib::Error::Read:
      if (silent_for >= kTimeoutShare * timeout) {
        return UnavailableError(
            fmt::format("GET {}: timed out: no data for {:g} s (after {} bytes)", url, timeout, received));
      }
      if (content_length && received < *content_length) {
        return DataLossError(
            fmt::format("GET {}: truncated body: received {} of {} bytes", url, received, *content_length));
      }
      return UnavailableError(fmt::format("GET {}: the connection closed {}", url,
                                          status == 0 ? "before a response" : "during the body"));
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      return UnavailableError(
          fmt::format("GET {}: TLS failed ({})", url, httplib::to_string(result.error())));
    default:
      return UnavailableError(fmt::format("GET {}: {}", url, httplib::to_string(result.error())));
  }
  if (content_length && received != *content_length) {
    return DataLossError(
        fmt::format("GET {}: truncated body: received {} of {} bytes", url, received, *content_length));
  }
  report(true);
  return Transfer{.bytes = received, .seconds = SecondsSince(start)};
}

bool SameHex(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The .part file: written, flushed to disk, then renamed over the destination.
class PartFile {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {}
  ~PartFile() {
    if (file_ != nullptr) std::fclose(file_);
    if (!kept_) {
      std::error_code ignored;
      fs::remove(path_, ignored);
    }
  }

  Status Open() {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) return IoError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
    return Status::Ok();
  }

  Status Write(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      return IoError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
    }
    return Status::Ok();
  }

  Status RenameTo(const std::string& destination) {
    const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) return IoError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
    std::error_code error;
    fs::rename(path_, destination, error);
    if (error)
      return IoError(fmt::format("{}: cannot rename to {}: {}", path_, destination, error.message()));
    kept_ = true;
    return Status::Ok();
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool kept_ = false;
};

}  // namespace

Result<Downloaded> DownloadFile(const std::string& url, const std::string& destination,
                                const Expected& expected, const DownloadOptions& options) {
  const fs::path folder = fs::path(destination).parent_path();
  if (!folder.empty()) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
      return IoError(fmt::format("{}: cannot create the folder: {}", folder.string(), error.message()));
  }
  PartFile part(destination + ".part");
  TOCSIN_RETURN_IF_ERROR(part.Open());
  Digest md5(Digest::Algorithm::kMd5);
  Digest sha256(Digest::Algorithm::kSha256);
  TOCSIN_ASSIGN_OR_RETURN(const Transfer transfer, Get(url, options, [&](std::string_view bytes) {
                            md5.Update(bytes);
                            sha256.Update(bytes);
                            return part.Write(bytes);
                          }));
  Downloaded downloaded{.url = url,
                        .path = destination,
                        .bytes = transfer.bytes,
                        .md5 = md5.Hex(),
                        .sha256 = sha256.Hex(),
                        .seconds = transfer.seconds};
  if (expected.size && downloaded.bytes != *expected.size) {
    return DataLossError(fmt::format("GET {}: size mismatch: received {} bytes, expected {}", url,
                                     downloaded.bytes, *expected.size));
  }
  if (!expected.md5.empty() && !SameHex(downloaded.md5, expected.md5)) {
    return DataLossError(
        fmt::format("GET {}: checksum mismatch: MD5 is {}, expected {}", url, downloaded.md5, expected.md5));
  }
  if (!expected.sha256.empty() && !SameHex(downloaded.sha256, expected.sha256)) {
    return DataLossError(fmt::format("GET {}: checksum mismatch: SHA-256 is {}, expected {}", url,
                                     downloaded.sha256, expected.sha256));
  }
  TOCSIN_RETURN_IF_ERROR(part.RenameTo(destination));
  return downloaded;
}

Result<std::string> DownloadText(const std::string& url, const DownloadOptions& options,
                                 std::uint64_t limit) {
  std::string text;
  TOCSIN_RETURN_IF_ERROR(Get(url, options, [&](std::string_view bytes) {
                           if (text.size() + bytes.size() > limit) {
                             return DataLossError(fmt::format("larger than {} bytes", limit));
                           }
                           text.append(bytes);
                           return Status::Ok();
                         }).status());
  return text;
}

Status CheckUrl(const std::string& url) {
  return SplitUrl(url).status();
}

std::string FileNameOfUrl(const std::string& url) {
  std::string_view path = url;
  if (const std::size_t scheme = path.find("://"); scheme != std::string_view::npos) {
    path.remove_prefix(scheme + 3);
    const std::size_t slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  path = path.substr(0, path.find_first_of("?#"));
  const std::size_t slash = path.rfind('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (char& c : name) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    if (!safe) c = '_';
  }
  if (name.empty() || name == "." || name == "..") return "download";
  return name;
}

}  // namespace tocsin::fetch
